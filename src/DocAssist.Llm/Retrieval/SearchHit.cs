using DocAssist.Llm.Text;

namespace DocAssist.Llm.Retrieval;

/// <summary>A passage found for a query, with its score (higher is better).</summary>
/// <param name="Chunk">The passage and its page span.</param>
/// <param name="Score">The ranking score: BM25 (sign flipped) or a fused rank score.</param>
/// <param name="RowId">The passage's row in the index.</param>
public sealed record SearchHit(Chunk Chunk, double Score, long RowId);
