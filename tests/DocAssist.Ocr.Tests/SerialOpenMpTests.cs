using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DocAssist.Ocr.Imaging;
using DocAssist.Ocr.Interop;
using static DocAssist.Ocr.Tests.OcrTestHelpers;

namespace DocAssist.Ocr.Tests;

public unsafe class SerialOpenMpTests
{
    [Fact]
    public void Install_OnThisSystem_FindsTesseractsOpenMpImports()
    {
        NativeEnvironment.EnsureInitialized();

        Assert.True(SerialOpenMp.IsInstalled, "Tesseract's GOMP_parallel_sections (or a sibling) import was not found: every LSTM step goes through a libgomp team again.");
    }

    [Fact]
    public void WarmUp_InstallsTheNativeSettings_AndDecodesTheBuiltInImage()
    {
        Assert.Null(Record.Exception(PageImageLoader.WarmUp));

        OcrEnginePool.WarmUp();

        Assert.True(SerialOpenMp.IsInstalled);
        Assert.True(LinePngLevel.IsInstalled);
    }

    [Fact]
    public void Recognize_RunsTheRegionsInline_AndReadsTheSameTextAsThroughLibgomp()
    {
        GrayImage page = DecodeGray("tess_eurotext.tif");
        using var engine = new TesseractOcrEngine(Tessdata, "eng");
        long before = SerialOpenMp.RegionsOnThisThread;

        string inline = engine.Recognize(page).Text;
        long regions = SerialOpenMp.RegionsOnThisThread - before;
        string libgomp = WithLibgomp(() => engine.Recognize(page).Text);

        // The LSTM opens a region at every time step of every layer: thousands for a page, none of them through libgomp once installed.
        Assert.True(regions > 1000, $"{regions} regions ran inline");
        Assert.Equal(regions, SerialOpenMp.RegionsOnThisThread - before);
        Assert.Equal(libgomp, inline);
        Assert.True(Cer("tess_eurotext.tif", inline) <= 0.04);
    }

    [Fact]
    public void ParallelSections_HandsOutEachSectionOnce_AndANestedRegionDoesNotDisturbTheOuterOne()
    {
        var seen = new List<uint>();
        GCHandle handle = GCHandle.Alloc(seen);
        try
        {
            RunSections(&OuterBody, GCHandle.ToIntPtr(handle), 3);
            RunSections(&InnerBody, GCHandle.ToIntPtr(handle), 0);
        }
        finally
        {
            handle.Free();
        }

        // Outer sections 1..3 in order, the nested region's 1..2 (recorded as 101, 102) inside section 1, and nothing for a region of no sections.
        // Nested in the first section, the inner region ends with its counter past the outer one's next section: the outer must resume at 2.
        Assert.Equal([1u, 101u, 102u, 2u, 3u], seen);
    }

    // Opens a "parallel sections" region through the replacement for GOMP_parallel_sections.
    private static void RunSections(delegate* unmanaged[Cdecl]<nint, void> body, nint data, uint count) =>
        ((delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<nint, void>, nint, uint, uint, uint, void>)SerialOpenMp.ParallelSectionsFunction)(body, data, 0, count, 0);

    // The shape of a compiled "parallel sections" body: ask for sections until 0, then end without a barrier.
    private static void EachSection(Action<uint> take)
    {
        var next = (delegate* unmanaged[Cdecl]<uint>)SerialOpenMp.SectionsNextFunction;
        for (uint section = next(); section != 0; section = next())
        {
            take(section);
        }

        ((delegate* unmanaged[Cdecl]<void>)SerialOpenMp.SectionsEndFunction)();
    }

    private static List<uint> Seen(nint data) => (List<uint>)GCHandle.FromIntPtr(data).Target!;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OuterBody(nint data) => EachSection(section =>
    {
        Seen(data).Add(section);
        if (section == 1)
        {
            RunSections(&InnerBody, data, 2);
        }
    });

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void InnerBody(nint data) => EachSection(section => Seen(data).Add(100 + section));

    // Runs with libgomp's own functions in Tesseract's slots, then puts the serial ones back.
    private static T WithLibgomp<T>(Func<T> action) => WithoutHook(SerialOpenMp.Uninstall, SerialOpenMp.Install, action);
}
