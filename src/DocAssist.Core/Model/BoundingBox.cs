namespace DocAssist.Core.Model;

/// <summary>An axis-aligned box in the page's frame (see <see cref="Page.Unit"/>), origin top-left, as a viewer shows the page.</summary>
/// <param name="Left">Left edge.</param>
/// <param name="Top">Top edge.</param>
/// <param name="Right">Right edge (exclusive).</param>
/// <param name="Bottom">Bottom edge (exclusive).</param>
public readonly record struct BoundingBox(int Left, int Top, int Right, int Bottom);
