using System.CommandLine;
using System.Net;
using DocAssist.Server;

namespace DocAssist.Cli.Commands;

/// <summary><c>docassist serve</c>: the private workspace's server on this machine.</summary>
internal static class ServeCommand
{
    public const string Name = "serve";

    /// <summary>The environment variable that sets the access token instead of a new one per launch.</summary>
    public const string TokenVariable = "DOCASSIST_SERVE_TOKEN";

    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port")
        {
            Description = "The port to listen on (0: any free port).",
            DefaultValueFactory = _ => ServerOptions.DefaultPort,
            HelpName = "PORT",
        };
        var data = new Option<string?>("--data")
        {
            Description = "The library's folder: database and originals (default: $XDG_DATA_HOME/docassist, else ~/.local/share/docassist).",
            HelpName = "DIR",
        };
        var bind = new Option<string?>("--bind")
        {
            Description = "Listen on this address instead of 127.0.0.1. Anyone who can reach it and has the token can read the library: put it behind a TLS reverse proxy (docs/api.md).",
            HelpName = "ADDRESS",
        };
        var maxUpload = new Option<int>("--max-upload")
        {
            Description = "The largest file accepted, in MB.",
            DefaultValueFactory = _ => (int)(ServerOptions.DefaultMaxUploadBytes / (1024 * 1024)),
            HelpName = "MB",
        };
        var flags = new CommonOptions.ExtractFlags();
        var model = new ModelFlags();
        var command = new Command(Name, """
            Serve the private workspace on this machine: documents uploaded to it are read in the background (text layers kept, scans
            OCR'd, in supervised worker processes), kept in a library under --data, and questions over them are answered with numbered
            citations. Prints the URL to open, with this launch's access token (DOCASSIST_SERVE_TOKEN sets it instead); the HTTP API is
            in docs/api.md. Ctrl-C stops it; finished work is kept, unfinished documents are read again on the next start.

            Examples:
              docassist serve
              docassist serve --port 9000 --data ~/library
            """)
        {
            port, data, bind, maxUpload,
        };
        flags.AddTo(command);
        model.AddTo(command);
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--port must be between 0 and 65535.");
            }
        });
        maxUpload.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                r.AddError("--max-upload must be between 1 and 100000 (MB).");
            }
        });
        bind.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !IPAddress.TryParse(value, out _))
            {
                r.AddError($"--bind '{value}' is not an IP address, such as 127.0.0.1 or 0.0.0.0.");
            }
        });
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(context, result.GetValue(CommonOptions.Verbose), async ct =>
        {
            IPAddress address = result.GetValue(bind) is { } b ? IPAddress.Parse(b) : IPAddress.Loopback;
            var options = new ServerOptions
            {
                DataDirectory = result.GetValue(data) ?? DefaultData(context),
                Port = result.GetValue(port),
                Bind = address,
                MaxUploadBytes = result.GetValue(maxUpload) * 1024L * 1024,
                Token = context.GetEnvironment(TokenVariable) is { Length: > 0 } token ? token : WorkspaceServer.NewToken(),
                Extraction = flags.Read(result, includeWords: true),
                Worker = result.GetValue(flags.InProcess) ? null : Program.Worker,
            };
            if (!IPAddress.IsLoopback(address))
            {
                context.Say($"WARNING: listening on {address}: anyone who can reach it and has the token can read and add documents. Put it behind a TLS reverse proxy (docs/api.md).");
            }

            await using WorkspaceServer server = await WorkspaceServer.StartAsync(options, model.CreateFactory(result, context), ct);
            await context.Out.WriteLineAsync($"docassist serve: {server.Url}?token={server.Token}");
            await context.Out.FlushAsync(ct);
            context.Say($"library in {options.DataDirectory}; HTTP API in docs/api.md; Ctrl-C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                context.Say("stopping.");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static string DefaultData(CliContext context) =>
        Path.Combine(
            context.GetEnvironment("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(context.GetEnvironment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"),
            "docassist");
}
