namespace DocAssist.App.Notices;

/// <summary>Something a job tells its user that is not its result: a warning, a choice it made, a file it could not read.</summary>
/// <param name="Code">A stable code from <see cref="NoticeCodes"/>, for scripts and hosts; never parse <paramref name="Message"/>.</param>
/// <param name="Message">One sentence for people, naming the file, page or setting concerned.</param>
/// <param name="File">The document it is about, as the job names documents (relative to the folder asked about), or <see langword="null"/>.</param>
public sealed record Notice(string Code, string Message, string? File = null);
