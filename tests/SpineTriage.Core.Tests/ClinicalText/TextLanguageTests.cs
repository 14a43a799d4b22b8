using SpineTriage.Core.ClinicalText;
using SpineTriage.Core.Contract;
using SpineTriage.Core.Tests.Builders;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.ClinicalText;

/// <summary>
/// A note the reader cannot read flags nothing; that silence must hold the case for a clinician,
/// not let its fields postpone it.
/// </summary>
public sealed class TextLanguageTests
{
    public static TheoryData<string> ForeignNotes => new()
    {
        // German: cauda equina, written as an emergency department admission.
        "Aufnahme Notaufnahme: Lumboischialgie bds. seit 3 Tagen. Seit gestern Blasenentleerungsstoerung und Reithosenanaesthesie, Sphinktertonus vermindert.",
        "Pat. mit Fußheberparese links KG 2/5 seit heute, zunehmend. MRT: Sequester L4/5 mit Kompression der Wurzel L5.",
        // French.
        "Lombosciatique droite depuis 10 jours avec anesthésie en selle et rétention urinaire depuis hier. IRM: hernie discale L5-S1.",
        "Patiente de 54 ans, faiblesse des membres inférieurs avec troubles sphinctériens, aggravation rapide sur 48h.",
        // Spanish.
        "Paciente con dolor lumbar y ciática izquierda desde hace 2 semanas, anestesia en silla de montar y retención urinaria desde ayer.",
        // Italian.
        "Lombosciatalgia sinistra da 3 giorni, ritenzione urinaria da ieri, anestesia a sella. RM: ernia L4-L5 con compressione della cauda.",
        // Portuguese.
        "Lombociatalgia à esquerda há 5 dias, retenção urinária desde ontem e anestesia em sela. Não consegue andar hoje.",
        // A relative's words quoted inside an English note: the passage is foreign, the note is not.
        "Spinal stenosis L4/5, claudication 100m. Neuro exam in March normal. Daughter wrote on the form: 'desde hace tres días dice que no siente nada al limpiarse y se le escapa la orina sin darse cuenta'. No interpreter at pre-assessment.",
        "Routine L5/S1 microdiscectomy. Wife's note attached: \"Seit Tagen Taubheit im Gesäß und er kann nicht mehr richtig Wasser lassen.\" Listed as routine.",
        "Interpreter needed - Polish. Patient comments: \"Od wczoraj nie czuję, kiedy oddaję mocz, i mam zdrętwiałe krocze. Boli mnie teraz też prawa noga.\" Referrer: GP.",
        "LSS, claudication 100m, on the waiting list. Patient on the phone: 'nogi mi słabną z tygodnia na tydzień, dwa razy upadłam'. Bladder ok per daughter.",
        "Routine facet injection. Son translated: 'babam artık yürüyemiyor, idrarını tutamıyor' (he could not say more).",
        "Elective decompression. Patient told the nurse in Hindi 'do din se peshab theek se nahi utar raha, pet bhara bhara lagta hai'.",
        "Patient's note in Russian: \"Со вчерашнего дня не чувствую, когда мочусь, онемение в промежности.\" Routine listing requested.",
        "Wife wrote: \"从昨天开始他小便困难，两条腿都麻木\". Listed as routine facet injection.",
        "Facet injection requested.\nPatient's own words (French): douleurs dans les deux jambes depuis une semaine et ne sent plus quand il va aux selles.\nGP: happy for routine listing.",
    };

    public static TheoryData<string> EnglishNotes => new()
    {
        "Seen by Dr von Trapp; IM methylprednisolone given per GP. Na 128, IL-6 raised. Non weight bearing.",
        "Referred by Dr Les Dupont et al. for L5 TFESI. Pain settled 50%, neuro intact, no red flags.",
        "Axial LBP 3 years, worse standing. Paracetamol and core exercises helping partly.",
        "Booked via theatre coordinator. Fields copied from original listing.",
        "Der Sequester? No: MRI shows a disc bulge at L4/5 with no compression; the patient has no weakness and no bladder symptoms.",
        "Pt from Quebec, French speaking, interpreter booked. Saddle sensation normal, no retention, power 5/5 throughout.",
        "Patient says 'it's the same as it's always been, no worse'. Can't stand for long; doesn't want surgery.",
        "Café-au-lait patches noted; seen by Dr Müller and Dr Łukasiewicz; Guillain-Barré excluded in 2019. Neuro intact.",
        "On TNF-α inhibitor and a β-blocker; dexamethasone 500 μg. Hoffmann's +ve, clonus +ve, Babinski +ve.",
        "Dx: 'mechanical LBP'. Plan per Dr Le Roux et al.: L4/5 and L5/S1 MBB. Pt's 'sciatica' is hip OA.",
        "",
    };

    [Theory]
    [MemberData(nameof(ForeignNotes))]
    public void IsForeign_NotesInAnotherLanguage_AreForeign(string notes) => Assert.True(TextLanguage.IsForeign(notes));

    [Theory]
    [MemberData(nameof(EnglishNotes))]
    public void IsForeign_EnglishNotesWithStrayForeignLookingWords_AreNotForeign(string notes) => Assert.False(TextLanguage.IsForeign(notes));

    [Fact]
    public void IsForeign_EverySentenceOfTheEnglishCorpus_IsNotForeign()
    {
        var foreign = ClinicalCorpus.Sentences.Where(s => TextLanguage.IsForeign(s.Text)).Select(s => s.Text).ToList();
        Assert.Empty(foreign);
    }

    [Theory]
    [MemberData(nameof(ForeignNotes))]
    public void Classify_ElectiveFieldsWithForeignNotes_IsHeldForReviewInEveryRegionStatus(string notes)
    {
        foreach (var status in Enum.GetValues<RegionStatus>())
        {
            var result = LumbarDiscSurgery(notes).Classify(status);

            TriageAssert.HeldForReview(result, TriageCategory.Elective, "The notes are not in English");
        }
    }

    [Fact]
    public void Classify_EnglishNotes_GiveNoLanguageReason()
    {
        var result = LumbarDiscSurgery("L4/5 disc prolapse, 8 weeks of sciatica, neuro intact, no red flags. Happy to wait.")
            .Classify(RegionStatus.Constrained);

        Assert.DoesNotContain(result.Reasons, r => r.Contains("not in English", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_EmergentReferralWithForeignNotes_AddsNoDoubt()
    {
        // The unread text cannot point higher than Emergent, so it holds nothing.
        var result = ReferralBuilder.Valid()
            .WithProcedure(ProcedureKind.Surgery, ProcedureSetting.Inpatient)
            .WithDiagnoses("G83.4")
            .WithDeficit(DeficitSeverity.Severe, DeficitTrend.Progressive)
            .WithCause(Cause.DiscHerniation)
            .WithNotes("Seit gestern Blasenentleerungsstoerung und Reithosenanaesthesie, Sphinktertonus vermindert. OP heute.")
            .Classify(RegionStatus.Constrained);

        Assert.Equal(TriageCategory.Emergent, result.Category);
        Assert.DoesNotContain(result.Reasons, r => r.Contains("not in English", StringComparison.Ordinal));
    }

    // Lumbar disc surgery with a mild, stable deficit: Elective, neurology reported.
    private static ReferralBuilder LumbarDiscSurgery(string notes) => ReferralBuilder.Valid()
        .WithProcedure(ProcedureKind.Surgery, ProcedureSetting.Inpatient)
        .WithDiagnoses("M51.16")
        .WithDeficit(DeficitSeverity.Mild, DeficitTrend.Stable)
        .WithCause(Cause.DiscHerniation)
        .WithNotes(notes);
}
