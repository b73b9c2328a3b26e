namespace DocAssist.Testing;

/// <summary>A model the loopback server lists.</summary>
/// <param name="Name">The model name, e.g. <c>llama3.2:latest</c>.</param>
/// <param name="ContextLength">What <c>/api/show</c> reports as <c>&lt;arch&gt;.context_length</c>.</param>
/// <param name="Family">The model family (<c>bert</c> marks an embedding model).</param>
/// <param name="ModifiedAt">When it was pulled.</param>
public sealed record LoopbackModel(string Name, int ContextLength = 8192, string Family = "llama", DateTimeOffset? ModifiedAt = null);
