using System.Text;

namespace DocAssist.Cli.Output;

/// <summary>A writer that passes every string it is given through <see cref="CliSettings.Rewrite(string)"/>, so messages from any layer name
/// the CLI's flags. Each string is rewritten on its own: a mention split over several writes would pass unchanged, and nothing writes one that way.</summary>
/// <param name="inner">The writer written to.</param>
internal sealed class FlagWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc/>
    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // TextWriter.NewLine's setter takes a nullable string.
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    /// <inheritdoc/>
    public override void Write(char value) => inner.Write(value);

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => inner.Write(CliSettings.Rewrite(new string(buffer, index, count)));

    /// <inheritdoc/>
    public override void Write(string? value) => inner.Write(value is null ? null : CliSettings.Rewrite(value));

    /// <inheritdoc/>
    public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : CliSettings.Rewrite(value));

    /// <inheritdoc/>
    public override Task WriteAsync(string? value) => inner.WriteAsync(value is null ? null : CliSettings.Rewrite(value));

    /// <inheritdoc/>
    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(value is null ? null : CliSettings.Rewrite(value));

    /// <inheritdoc/>
    public override Task WriteAsync(char value) => inner.WriteAsync(value);

    /// <inheritdoc/>
    public override Task WriteLineAsync() => inner.WriteLineAsync();

    /// <inheritdoc/>
    public override void WriteLine() => inner.WriteLine();

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();

    /// <inheritdoc/>
    public override Task FlushAsync() => inner.FlushAsync();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
}
