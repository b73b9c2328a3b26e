using System.Diagnostics.CodeAnalysis;

namespace DocAssist.Llm.Summaries;

/// <summary>How long a summary should be: the <c>--length</c> flag.</summary>
[SuppressMessage("Naming", "CA1720", Justification = "The names are the flag's values: short, medium, long.")]
public enum SummaryLength
{
    /// <summary>A few sentences.</summary>
    Short,

    /// <summary>About a paragraph or a short list (the default).</summary>
    Medium,

    /// <summary>A detailed summary with sections.</summary>
    Long,
}
