using DocAssist.Core.Errors;

namespace DocAssist.App.Extraction;

/// <summary>Maps exceptions to the one-line reasons and error kinds the user sees.</summary>
internal static class ExtractionErrors
{
    public static (string Message, ExtractionErrorKind Kind) Describe(string path, Exception exception) => exception switch
    {
        ConfigException e => (e.Message, ExtractionErrorKind.Config),
        DocAssistException e => (Prefix(path, e.Message), ExtractionErrorKind.Input),
        FileNotFoundException or DirectoryNotFoundException => ($"{path}: no such file.", ExtractionErrorKind.Input),
        UnauthorizedAccessException => ($"{path}: permission denied.", ExtractionErrorKind.Input),
        IOException e => ($"{path}: cannot be read ({e.Message}).", ExtractionErrorKind.Input),
        _ => ($"{path}: unexpected {exception.GetType().Name}: {exception.Message}", ExtractionErrorKind.Crash),
    };

    private static string Prefix(string path, string message) =>
        message.Contains(path, StringComparison.Ordinal) ? message : $"{path}: {message}";
}
