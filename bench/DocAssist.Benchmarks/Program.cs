using BenchmarkDotNet.Running;

// Micro-benchmarks of the hot paths, run by bench/run.sh (`--job short`; smoke: `--job dry --inProcess`).
// By hand: dotnet run -c Release --project bench/DocAssist.Benchmarks -- --filter '*'
// Inputs come from the shared test data: DOCASSIST_BENCH_TESTDATA, or ../shared/testdata beside the repository.
BenchmarkSwitcher.FromAssembly(typeof(DocAssist.Benchmarks.BenchInputs).Assembly).Run(args);
