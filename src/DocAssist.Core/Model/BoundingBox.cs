namespace DocAssist.Core.Model;

/// <summary>An axis-aligned box in the page's frame (see <see cref="Page.Unit"/>), origin top-left, as a viewer shows the page.</summary>
/// <param name="Left">Left edge.</param>
/// <param name="Top">Top edge.</param>
/// <param name="Right">Right edge (exclusive).</param>
/// <param name="Bottom">Bottom edge (exclusive).</param>
public readonly record struct BoundingBox(int Left, int Top, int Right, int Bottom)
{
    /// <summary>Gets the smallest box holding all the given boxes.</summary>
    /// <param name="boxes">The boxes.</param>
    /// <returns>Their union; <see langword="default"/> when there is none.</returns>
    public static BoundingBox Union(IEnumerable<BoundingBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        int left = int.MaxValue, top = int.MaxValue, right = int.MinValue, bottom = int.MinValue;
        foreach (BoundingBox b in boxes)
        {
            left = Math.Min(left, b.Left);
            top = Math.Min(top, b.Top);
            right = Math.Max(right, b.Right);
            bottom = Math.Max(bottom, b.Bottom);
        }

        return left == int.MaxValue ? default : new BoundingBox(left, top, right, bottom);
    }

    /// <summary>Gets the smallest box holding this box and another.</summary>
    /// <param name="other">The other box.</param>
    /// <returns>Their union.</returns>
    public BoundingBox Union(BoundingBox other) =>
        new(Math.Min(Left, other.Left), Math.Min(Top, other.Top), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));
}
