using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DocAssist.App.Notices;
using DocAssist.App.Output;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Models;

namespace DocAssist.Cli.Output;

/// <summary>Writes the <c>--json</c> output of the commands: one object per run, <c>schemaVersion</c> first, the shared parts (notices, model, egress)
/// written the same way everywhere. The shapes are documented in <c>docs/json.md</c>.</summary>
internal static class CliJson
{
    /// <summary>Writes one JSON object: <c>schemaVersion</c>, then what <paramref name="body"/> writes.</summary>
    public static string Object(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", DocumentJson.SchemaVersion);
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes <c>"warnings": [{code, message, file?}]</c>, each message with the CLI's flags (<see cref="CliSettings.Rewrite(string)"/>).</summary>
    public static void Notices(Utf8JsonWriter w, string name, IEnumerable<Notice> notices)
    {
        w.WriteStartArray(name);
        foreach (Notice notice in notices)
        {
            w.WriteStartObject();
            w.WriteString("code", notice.Code);
            w.WriteString("message", CliSettings.Rewrite(notice.Message));
            if (notice.File is { } file)
            {
                w.WriteString("file", file);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>"model"</c> and <c>"endpoint"</c> (null when no model was used).</summary>
    public static void Model(Utf8JsonWriter w, ModelConnection? connection)
    {
        if (connection is null)
        {
            w.WriteNull("model");
            w.WriteNull("endpoint");
            return;
        }

        w.WriteString("model", connection.Model);
        w.WriteString("endpoint", connection.Endpoint.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>Writes <c>"egress"</c> (every destination of the ledger) and <c>"bytesLeftMachine"</c>.</summary>
    public static void Egress(Utf8JsonWriter w, EgressLedger ledger)
    {
        w.WriteStartArray("egress");
        foreach (EgressLedgerEntry e in ledger.Entries)
        {
            w.WriteStartObject();
            w.WriteString("destination", e.Destination);
            w.WriteString("purpose", e.Purpose);
            w.WriteBoolean("loopback", e.IsLoopback);
            w.WriteNumber("requests", e.Requests);
            w.WriteNumber("bytesSent", e.BytesSent);
            w.WriteNumber("bytesReceived", e.BytesReceived);
            w.WriteNumber("refused", e.Refused);
            w.WriteStartObject("redactions");
            foreach ((string kind, int count) in e.Redactions)
            {
                w.WriteNumber(kind, count);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("bytesLeftMachine", ledger.BytesLeftMachine);
    }
}
