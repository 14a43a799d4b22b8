using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SpineTriage.Core.Tests.Builders;

/// <summary>
/// Edits a message's JSON tree by contract field path (<c>patient.ageYears</c>,
/// <c>diagnoses[0].code</c>), creating missing objects and array slots on the way, so a test can
/// put any value, of any JSON type, into any field.
/// </summary>
public static class JsonEdit
{
    /// <summary>Sets the field at <paramref name="path"/> to <paramref name="value"/> (JSON null when null).</summary>
    public static JsonObject Set(this JsonObject root, string path, JsonNode? value)
    {
        var (parent, last) = Walk(root, path);
        switch (last)
        {
            case string name:
                parent.AsObject()[name] = value;
                break;
            case int index:
                var array = parent.AsArray();
                while (array.Count <= index)
                {
                    array.Add(null);
                }

                array[index] = value;
                break;
        }

        return root;
    }

    /// <summary>Removes the property at <paramref name="path"/>.</summary>
    public static JsonObject Without(this JsonObject root, string path)
    {
        var (parent, last) = Walk(root, path);
        parent.AsObject().Remove((string)last);
        return root;
    }

    public static byte[] ToBytes(this JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static (JsonNode Parent, object Last) Walk(JsonObject root, string path)
    {
        var segments = Parse(path);
        JsonNode current = root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var next = segments[i + 1];
            current = segments[i] switch
            {
                string name => current.AsObject()[name] ??= next is int ? new JsonArray() : new JsonObject(),
                int index => Slot(current.AsArray(), index, next),
                _ => throw new InvalidOperationException(),
            };
        }

        return (current, segments[^1]);
    }

    private static JsonNode Slot(JsonArray array, int index, object next)
    {
        while (array.Count <= index)
        {
            array.Add(null);
        }

        return array[index] ??= next is int ? new JsonArray() : new JsonObject();
    }

    private static List<object> Parse(string path)
    {
        var segments = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            segments.Add(bracket < 0 ? part : part[..bracket]);
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                segments.Add(int.Parse(part.AsSpan(bracket + 1, close - bracket - 1), CultureInfo.InvariantCulture));
                bracket = part.IndexOf('[', close);
            }
        }

        return segments;
    }
}
