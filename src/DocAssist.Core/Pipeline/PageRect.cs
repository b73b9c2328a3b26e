namespace DocAssist.Core.Pipeline;

/// <summary>A rectangle in a page's frame, origin top-left, in the page's unit (fractional, unlike word boxes).</summary>
/// <param name="Left">Left edge.</param>
/// <param name="Top">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct PageRect(double Left, double Top, double Width, double Height);
