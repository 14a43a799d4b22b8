using SpineTriage.Core.Triage;
using Xunit.Abstractions;

namespace SpineTriage.Core.Tests.ClinicalText;

/// <summary>
/// Whole referrals written by spine surgeons (tests/SpineTriage.Core.Tests/ClinicalText/referral-corpus*.jsonl):
/// none is under-triaged in any region status, and clean ones are rarely flagged.
/// </summary>
public sealed class ReferralCorpusTests(ITestOutputHelper output)
{
    // The share of clean referrals flagged, reached on the corpus; a change that raises it fails here.
    // Set J (999 referrals in all) brought it to 20.2%: its telephone-triage forms ("Fever / IVDU:
    // NO") and pain-limited walking are over-read, classes still to fix. Sets K and L (1,159 in all)
    // brought it to 24.4%: their Elective referrals often leave the neurologic status out, which
    // holds an Elective result for review by design ("Neurologic status not reported"), and an
    // improving significant deficit is now flagged (set K's one miss: a surgeon wanted to see it).
    // Lexicon 2026.5 (forms whose questions share an answer, a doubt answered by a screen result, a
    // motor deficit chronic since a past date or operation) brought it to 22.5% (155 of 689).
    // Lexicon 2026.6 (check boxes, years after a finding, unchanged bladder and gait baselines,
    // pain-limited walking) brought it to 22.1% (152 of 689). Set M (1,239 in all; 25 of its 54 clean
    // referrals flagged, most for an Elective result without a neurologic status) brought it to 23.6%.
    // Set N (1,319 in all; 19 of its 49 clean referrals flagged, about 8 of them by the text: old
    // history and look-alikes still to fix) brought it to 24.4%. Sets O and P (1,479 in all; US EHR
    // templates among them) joined after lexicon 2026.8 read their classes (EHR "(-)" signs, ED
    // precautions, a Family History section, recovered grades, a fracture the findings call stable,
    // one knee buckling): 205 of 862, 23.8%. Set R (1,559 in all) joined after its classes (a history of
    // cancer with night pain, a procedure kind its description contradicts, findings auto-populated from
    // an old form, slash-joined negated lists, a form label's own answer): 209 of 887, 23.6%.
    // Sets S and T (1,719 in all), written after everything above and measured once (0 under-triaged;
    // by this test's stricter count one each, structured pain fields overstating settled chronic pain,
    // now a conflict), joined after their classes were read: 226 of 946, 23.9%; after sentence set X's
    // classes (a doubt a result answers, causes that explain a symptom), 224 of 946, 23.7%.
    // Set V (1,799 in all), measured once (0 under-triaged; 2 needs-clinician cases not held: a fall
    // "landing on her bottom" in an osteoporotic patient, a positive lateral flow against a negative
    // covidStatus, both now read), 11 of its 28 clean referrals flagged: 235 of 974, 24.1%.
    // Cord compression answered by a reported myelopathy: 228 of 974, 23.4%.
    // Sets W, Y and Z (2,039 in all), written in a later session and measured once: 0 under-triaged
    // in any region status; by this test's stricter count one (a cause "tumor" at Elective for an
    // incidental haemangioma, now held), and 39 of their 129 clean referrals flagged. After their
    // sentence classes were read: 260 of 1,103, 23.6%; after their own classes (causes that explain
    // a symptom, a recovery across a list, check-box answers after a colon, the ICD rows they lacked),
    // 254 of 1,103, 23.0%.
    // Sets RA, RB and RC (2,279 in all), measured once: 5 under-triaged (a lay "push to get her wee
    // started" and "not my skin when she wipes"; a nurse's note of legs "gone heavier" with new cord
    // compression "not present on 2018 imaging"; a mother's email about "my daughter" whose foot
    // "slaps down"; loose screws and subsidence after a negated "no interbody fusion L3/4"), all read
    // since; failing hardware (loose, broken, backed-out screws, subsidence) is now a red flag of its own,
    // which some clinicians call Urgent and others clean: 296 of 1,251 clean referrals flagged, 23.7%.
    // Sets RD and RE (2,439 in all), written after those classes were read and measured once: none
    // under-triaged, 16 of 38 and 14 of 40 clean referrals flagged; after their classes (a form's
    // "Bladder change: N", a referrer named Hoffman, "frightened of paralysis", "can get discitis",
    // weight lost to be fit for surgery, a stable history "for years" after "but"): 318 of 1,329, 23.9%.
    // Sets RF and RG (2,599 in all), written after sentence set SC was read and measured once: RF none
    // under-triaged, RG one ("when I asked about his waterworks he said he has had more hesitancy ...
    // but he put this down to his prostate": the question read as safety-net advice; a patient's own
    // attribution is now a doubt); 13 of 47 and 18 of 47 clean referrals flagged: 345 of 1,423, 24.2%; after
    // their form layouts were read (an answer in the next field, slash-joined labels): 343, 24.1%.
    // Set RH (2,679 in all), the last written, measured once: none under-triaged, 11 of 39 clean
    // referrals flagged: 354 of 1,462, 24.2%; after its classes ("no saddle sensory change", "no change
    // in bladder/bowel", "Trauma: lifting injury only"): 348, 23.8%.
    // Sets RI and RJ (2,839 in all; remote and telehealth referrals, post-operative traffic), measured once:
    // one under-triaged in each (a daughter's call, "Mum has fallen twice ... legs like jelly", read as family;
    // "cage has migrated" unread), 10 of 49 and 13 of 39 clean referrals flagged. After their classes, and
    // with an intact examination in the text standing for an unreported neurologic status: 363 of 1,550, 23.4%.
    // Sets RK and RL (2,999 in all; paediatric and adolescent spine, US payer paperwork), measured once: RK two
    // under-triaged (a cyclist's head-first fall with both arms tingling and heavy legs, unread; a 96-degree
    // curve with cardiorespiratory compromise, held by no concept), RL one ("bilateral rod fractures" read as
    // an excluded hardware fracture), 8 of 40 and 14 of 45 clean referrals flagged. After their classes:
    // 384 of 1,635, 23.5%; after sentence set SE's classes, 376.
    // Sets RM and RN (3,159 in all; spinal on-call and MDT logs; mimics and explained symptoms from primary
    // care and physiotherapy), the last written, measured once: none under-triaged (the stricter count too),
    // 10 of 47 and 18 of 48 clean referrals flagged. After their classes ("unchanged over the past 6 weeks" is
    // no progression, "reduced to monofilament", diabetic amyotrophy): 397 of 1,730, 22.9%. Only an examination
    // called normal as a whole now stands for an unreported neurologic status ("exam unchanged", "stable for
    // 10 years" and a bare "power normal" no longer do): 398, 23.0%.
    // Sets RO and RP (3,319 in all; clinic letters and discharge summaries forwarded as referrals; ambulance
    // and emergency department records), the last written, measured once: none under-triaged (the stricter
    // count too), 18 of 41 and 18 of 44 clean referrals flagged. After three of their classes (safety-net
    // advice to "seek urgent help for", "reassured re CES", a normal bladder or bowel statement that ends a
    // list of normal functions): 428 of 1,815, 23.6%; with an earlier grade that today's "now" grade matches or
    // betters read as the earlier examination ("was 4/5 and is now 5-/5"): 426, 23.5%. With sets RQ and RR
    // (waiting-list chasers; triage-hub e-forms and advice-and-guidance replies; 12 of 49 and 18 of 47 clean
    // flagged after the classes of sentence set SF and theirs were read): 453 of 1,911, 23.7%; after a review
    // narrowed or removed the rules among them that could hide a current finding: 458, 24.0%. With sets RS and
    // RT (urology, gynaecology and obstetric referrals; surgeons' own clinic notes; 12 of 30 and 14 of 48 clean
    // flagged after their classes and sentence set SG's were read): 485 of 1,989, 24.4%; after a second review
    // narrowed or removed the rules among them that could hide a current finding: 494, 24.8%; after a third
    // (a paravertebral or psoas abscess or collection is again an epidural abscess until a clinician says
    // otherwise, only a phlegmon is not; a duration of months is no stable state): 505, 25.4%. With set RU (a
    // mixed fortnight, written last and measured once on that build, its classes not yet read: 19 of 44 clean
    // flagged): 523 of 2,033, 25.7%. With sets RV and RW (older multimorbid patients; pain-medicine and
    // injection referrals; 23 of 39 and 17 of 47 clean flagged when first measured), after the classes of
    // RU, RV, RW and sentence set SH were read and a fourth review removed the rules among them that could
    // hide a current finding: 538 of 2,119, 25.4%. With sets RX and RY (trauma and emergency; tumour, infection
    // and inflammatory; 15 of 34 and 11 of 30 clean flagged when first measured), after their classes and
    // sentence set SI's were read and a fifth review removed the rules among them that could hide a current
    // finding: 561 of 2,183, 25.7%. With sets QA and QB (a North American academic centre's month; an
    // Australian and New Zealand month), written last and first measured on the build of rule set 2020.16 (15 of
    // 41 and 20 of 44 clean flagged; one referral, QA-0051, an Elective case whose template overstated intractable
    // pain, proceeded as Urgent in a normal region without the look its surgeon wanted, since read: working full
    // time, walking miles daily or playing golf is pain that has settled): 585 of 2,268, 25.8%. With sets QC and
    // QD (a month at a UK and Irish regional spine centre; a month of Canadian and US Midwest community and private
    // practice), written last and first measured on the build of rule set 2020.18 (none under-triaged in any region
    // status; 20 of 46 and 19 of 46 clean flagged), after their classes were read and a sixth review removed the
    // rules among them that could hide a current finding: 608 of 2,360, 25.8%. With sets QE and QF (a US Veterans
    // Affairs and safety-net month; a Canadian provincial central intake), written after that and first measured on
    // the build of rule set 2020.19 (17 of 42 and 13 of 46 clean flagged; QF-0024, an Elective case whose fields
    // claimed intractable pain beside "manageable with acetaminophen, works full-time, walks her dog", proceeded as
    // Urgent in a normal region without its surgeon's look, since read), after a seventh review removed most of
    // the rules their classes first suggested: 632 of 2,448, 25.8%. With a grade after "was" read as the earlier
    // examination when today's grade, no worse, is written just before it ("triceps 4+/5 (was 4/5 in Oct)"):
    // 622 of 2,448, 25.4%. With sets QG and QH (Scotland, Wales and Northern Ireland; English-language referrals
    // from South Asia, the Gulf and South-East Asia), first measured on the build of rule set 2020.21 (QG-0059, a
    // cauda equina syndrome told in Scots, postponed unflagged; read since through the lexicon's spellings;
    // 11 of 44 and 11 of 45 clean flagged): 643 of 2,537, 25.3%.
    private const double OverFlaggedCeiling = 0.254;

    // Fifty-six clinicians' sets: referral-corpus (written first), -b to -p, -r to -t, -v, -w, -y, -z, -ra to -ry, -qa to -qh (written later, each measured once before it joined).
    private static readonly IReadOnlyList<CorpusReferral> Corpus =
        [.. new[] { "", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-i", "-j", "-k", "-l", "-m", "-n", "-o", "-p", "-r", "-s", "-t", "-v", "-w", "-y", "-z", "-ra", "-rb", "-rc", "-rd", "-re", "-rf", "-rg", "-rh", "-ri", "-rj", "-rk", "-rl", "-rm", "-rn", "-ro", "-rp", "-rq", "-rr", "-rs", "-rt", "-ru", "-rv", "-rw", "-rx", "-ry", "-qa", "-qb", "-qc", "-qd", "-qe", "-qf", "-qg", "-qh" }.SelectMany(set => ReferralCorpus.Load(
            Path.Combine(AppContext.BaseDirectory, "ClinicalText", $"referral-corpus{set}.jsonl"),
            Path.Combine(AppContext.BaseDirectory, "ClinicalText", $"referral-corpus{set}-expected.csv")))];

    [Fact]
    public void Classify_SurgeonsReferrals_NoneIsUnderTriagedInAnyRegionStatus()
    {
        var figures = ReferralCorpus.Score(Corpus, new TriageClassifier());
        output.WriteLine($"{figures.Referrals} referrals; same category as the surgeon {figures.SameCategory}; under-triaged {figures.UnderTriaged.Count}; clean {figures.CleanReferrals}, flagged {figures.OverFlagged.Count}");
        foreach (var line in figures.UnderTriaged.Select(u => "UNDER " + u).Concat(figures.OverFlagged.Select(o => "OVER " + o)))
        {
            output.WriteLine(line);
        }

        Assert.True(figures.UnderTriaged.Count == 0, string.Join('\n', figures.UnderTriaged));
    }

    [Fact]
    public void Classify_CleanReferrals_AreRarelyFlagged()
    {
        var figures = ReferralCorpus.Score(Corpus, new TriageClassifier());
        var share = (double)figures.OverFlagged.Count / figures.CleanReferrals;
        Assert.True(share <= OverFlaggedCeiling, $"{figures.OverFlagged.Count} of {figures.CleanReferrals} clean referrals flagged:\n{string.Join('\n', figures.OverFlagged)}");
    }
}
