namespace DocAssist.App.Extraction;

/// <summary>What a worker started ahead of its first request spends the wait on: once-per-process costs the first document would otherwise pay.</summary>
[Flags]
public enum WorkerWarmUp
{
    /// <summary>Nothing: the worker waits.</summary>
    None = 0,

    /// <summary>Reads a tiny built-in PDF (<see cref="Pdf.PdfDocumentDecoder.WarmUp"/>): about 0.1 s saved on the first PDF, about 30 MB more for a worker that never sees one.</summary>
    Pdf = 1,

    /// <summary>Loads and initializes Tesseract, Leptonica and ImageMagick (<see cref="Ocr.OcrEnginePool.WarmUp"/>): about 20 ms saved on the first scan.</summary>
    Ocr = 2,
}
