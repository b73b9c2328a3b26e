// Tests share the process-wide count of native handles and the two cores: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
