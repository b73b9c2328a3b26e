using System.CommandLine;
using System.Runtime.InteropServices;
using DocAssist.Cli.Output;
using DocAssist.Core.Errors;
using DocAssist.Llm.Diagnostics;
using DocAssist.Llm.Models;
using DocAssist.Ocr;

namespace DocAssist.Cli.Commands;

/// <summary><c>docassist doctor</c>: what works on this machine: OCR engine and language data, the local model server, each declared endpoint under the policy.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext context)
    {
        var tessdata = CommonOptions.Tessdata();
        var json = new Option<bool>("--json") { Description = "Print {checks: [{name, status, detail}], ok, egress} as one JSON object (docs/json.md)." };
        var model = new ModelFlags();
        var command = new Command("doctor", """
            Check this machine: Tesseract and its language data, the model endpoint your flags and config name (the policy's verdict
            about it, and a probe only when the policy allows it), and every endpoint declared in the config with the policy's verdict
            (and why). Exit code 0 when everything needed for local work is there.

            Examples:
              docassist doctor
              docassist doctor --provider openai --base-url https://host/v1 --policy eu   may this endpoint be used, and does it answer?
              docassist doctor --json
            """)
        {
            tessdata, json,
        };
        model.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            bool verbose = result.GetValue(CommonOptions.Verbose);
            return CommandRunner.RunAsync(context, verbose, async ct =>
            {
                var checks = new List<DoctorCheck>();
                checks.AddRange(CheckOcr(result.GetValue(tessdata)));
                ModelClientFactory factory = model.CreateFactory(result, context);
                checks.AddRange(await DoctorChecks.RunAsync(factory, ct));
                checks = [.. checks.Select(c => c with { Detail = CliSettings.Rewrite(c.Detail) })];
                bool ok = !checks.Any(c => c.Status == DoctorStatus.Failed && !c.Name.StartsWith("endpoint ", StringComparison.Ordinal));
                if (result.GetValue(json))
                {
                    await context.Out.WriteAsync(CliJson.Object(w =>
                    {
                        w.WriteStartArray("checks");
                        foreach (DoctorCheck check in checks)
                        {
                            w.WriteStartObject();
                            w.WriteString("name", check.Name);
                            w.WriteString("status", check.Status switch { DoctorStatus.Ok => "ok", DoctorStatus.Warning => "warning", _ => "failed" });
                            w.WriteString("detail", check.Detail);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteBoolean("ok", ok);
                        CliJson.Egress(w, factory.Ledger);
                    }));
                }
                else
                {
                    foreach (DoctorCheck check in checks)
                    {
                        string mark = check.Status switch { DoctorStatus.Ok => "ok  ", DoctorStatus.Warning => "warn", _ => "FAIL" };
                        await context.Out.WriteLineAsync($"{mark}  {check.Name,-20} {check.Detail}");
                    }

                    if (result.GetValue(model.Audit))
                    {
                        await context.Err.WriteAsync(factory.Ledger.Render());
                    }
                }

                return ok ? ExitCodes.Ok : ExitCodes.ConfigError;
            }, cancellationToken);
        });
        return command;
    }

    private static List<DoctorCheck> CheckOcr(string? tessdataFlag)
    {
        var checks = new List<DoctorCheck>();
        bool loaded = NativeLibrary.TryLoad("libtesseract.so.5", typeof(DoctorCommand).Assembly, null, out IntPtr handle)
            || NativeLibrary.TryLoad("tesseract", typeof(DoctorCommand).Assembly, null, out handle);
        if (loaded)
        {
            NativeLibrary.Free(handle);
        }

        checks.Add(loaded
            ? new DoctorCheck("tesseract", DoctorStatus.Ok, "libtesseract 5 loads.")
            : new DoctorCheck("tesseract", DoctorStatus.Failed, "libtesseract 5 is not installed: run ./docassist once (it installs libtesseract5), or apt-get install libtesseract5."));

        string dir;
        try
        {
            dir = TessdataLocator.Resolve(tessdataFlag);
        }
        catch (ConfigException ex)
        {
            return [.. checks, new DoctorCheck("language data", DoctorStatus.Failed, ex.Message)];
        }

        string[] languages = [.. Directory.EnumerateFiles(dir, "*.traineddata").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];
        checks.Add(languages.Length == 0
            ? new DoctorCheck("language data", DoctorStatus.Failed, $"{dir} holds no .traineddata file.")
            : new DoctorCheck("language data", DoctorStatus.Ok, $"{dir}: {string.Join(", ", languages)}" + (languages.Contains("osd") ? "." : " (no osd: pages will not be turned upright).")));
        return checks;
    }
}
