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
            var run = (delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<nint, void>, nint, uint, uint, uint, void>)SerialOpenMp.ParallelSectionsFunction;
            run(&OuterBody, GCHandle.ToIntPtr(handle), 0, 3, 0);
            run(&InnerBody, GCHandle.ToIntPtr(handle), 0, 0, 0);
        }
        finally
        {
            handle.Free();
        }

        // Outer sections 1..3 in order, the nested region's 1..2 (recorded as 101, 102) inside section 2, and nothing for a region of no sections.
        Assert.Equal([1u, 2u, 101u, 102u, 3u], seen);
    }

    // The shape of a compiled "parallel sections" body: ask for sections until 0, then end without a barrier.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OuterBody(nint data)
    {
        var seen = (List<uint>)GCHandle.FromIntPtr(data).Target!;
        var next = (delegate* unmanaged[Cdecl]<uint>)SerialOpenMp.SectionsNextFunction;
        for (uint section = next(); section != 0; section = next())
        {
            seen.Add(section);
            if (section == 2)
            {
                var run = (delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<nint, void>, nint, uint, uint, uint, void>)SerialOpenMp.ParallelSectionsFunction;
                run(&InnerBody, data, 0, 2, 0);
            }
        }

        ((delegate* unmanaged[Cdecl]<void>)SerialOpenMp.SectionsEndFunction)();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void InnerBody(nint data)
    {
        var seen = (List<uint>)GCHandle.FromIntPtr(data).Target!;
        var next = (delegate* unmanaged[Cdecl]<uint>)SerialOpenMp.SectionsNextFunction;
        for (uint section = next(); section != 0; section = next())
        {
            seen.Add(100 + section);
        }

        ((delegate* unmanaged[Cdecl]<void>)SerialOpenMp.SectionsEndFunction)();
    }

    // Runs with libgomp's own functions in Tesseract's slots, then puts the serial ones back.
    private static T WithLibgomp<T>(Func<T> action) => WithoutHook(SerialOpenMp.Uninstall, SerialOpenMp.Install, action);
}
