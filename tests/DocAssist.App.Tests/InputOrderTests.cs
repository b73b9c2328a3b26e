using DocAssist.App.Extraction;

namespace DocAssist.App.Tests;

public class InputOrderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_AnInputFinishedEarly_MakesRoomWhileTheFirstIsStillRunning_AndResultsStayInOrder()
    {
        // Arrange: six inputs, two at a time; the first one runs until the test lets it finish.
        var work = Enumerable.Range(0, 6).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = new List<int>();
        // Not `await using`: disposing an enumerator with a MoveNextAsync pending would hide a failed assertion behind NotSupportedException.
        IAsyncEnumerator<int> results = InputOrder.RunAsync([0, 1, 2, 3, 4, 5], Recording(started, work), window: 2, ahead: 8, _ => false).GetAsyncEnumerator();
        ValueTask<bool> first = results.MoveNextAsync();
        await WaitUntilStartedAsync(started, 1);

        // Act: inputs 1 and 2 finish while input 0 still runs.
        work[1].SetResult(1);
        await WaitUntilStartedAsync(started, 2);
        work[2].SetResult(2);
        await WaitUntilStartedAsync(started, 3);

        // Assert: each finished input made room for the next one, and nothing was handed back out of order.
        Assert.False(first.IsCompleted);
        work[0].SetResult(0);
        Assert.True(await first);
        var order = new List<int> { results.Current };
        foreach (TaskCompletionSource<int> rest in work.Skip(3))
        {
            rest.SetResult(Array.IndexOf(work, rest));
        }

        while (await results.MoveNextAsync())
        {
            order.Add(results.Current);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5], order);
        await results.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_HoldsBackAtMostAheadResults_BehindASlowFirstInput()
    {
        var work = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = new List<int>();
        Task<int> Start(int input, CancellationToken token)
        {
            lock (started)
            {
                started.Add(input);
            }

            // Everything but the first input is done at once.
            if (input > 0)
            {
                work[input].SetResult(input);
            }

            return work[input].Task;
        }

        // Not `await using`: disposing an enumerator with a MoveNextAsync pending would hide a failed assertion behind NotSupportedException.
        IAsyncEnumerator<int> results = InputOrder.RunAsync([0, 1, 2, 3, 4], Start, window: 2, ahead: 3, _ => false).GetAsyncEnumerator();
        ValueTask<bool> first = results.MoveNextAsync();
        await WaitUntilStartedAsync(started, 2);
        await Task.Delay(200);

        lock (started)
        {
            Assert.Equal([0, 1, 2], started);
        }

        work[0].SetResult(0);
        Assert.True(await first);
        var order = new List<int> { results.Current };
        while (await results.MoveNextAsync())
        {
            order.Add(results.Current);
        }

        Assert.Equal([0, 1, 2, 3, 4], order);
        await results.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_ALastResult_StopsTheRun_AndCancelsWhatWasStarted()
    {
        var tokens = new List<CancellationToken>();
        Task<int> Start(int input, CancellationToken token)
        {
            lock (tokens)
            {
                tokens.Add(token);
            }

            return input == 0 ? Task.FromResult(0) : Task.Delay(Timeout.Infinite, token).ContinueWith(_ => input, TaskScheduler.Default);
        }

        var order = new List<int>();
        await foreach (int result in InputOrder.RunAsync([0, 1, 2, 3], Start, window: 2, ahead: 4, r => r == 0))
        {
            order.Add(result);
        }

        Assert.Equal([0], order);
        Assert.All(tokens, t => Assert.True(t.IsCancellationRequested));
    }

    [Fact]
    public async Task RunAsync_WithWeights_StartsTheHeaviestComingInputFirst_WithinAhead_AndResultsStayInOrder()
    {
        // Arrange: input 4 is the heaviest but lies beyond the first `ahead` inputs; input 2 is the heaviest within them.
        long[] weights = [1, 5, 9, 3, 100, 2];
        var work = weights.Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = new List<int>();
        var weighed = new List<int>();
        long Weight(int input)
        {
            lock (weighed)
            {
                weighed.Add(input);
            }

            return weights[input];
        }

        IAsyncEnumerator<int> results = InputOrder.RunAsync([0, 1, 2, 3, 4, 5], Recording(started, work), window: 1, ahead: 4, _ => false, Weight).GetAsyncEnumerator();
        ValueTask<bool> first = results.MoveNextAsync();

        // Act and assert: one at a time, heaviest first among inputs 0–3; input 4 enters the look-ahead only once input 0 is handed back.
        await WaitUntilStartedAsync(started, 2);
        work[2].SetResult(2);
        await WaitUntilStartedAsync(started, 1);
        work[1].SetResult(1);
        await WaitUntilStartedAsync(started, 3);
        work[3].SetResult(3);
        await WaitUntilStartedAsync(started, 0);
        Assert.False(first.IsCompleted);
        work[0].SetResult(0);
        Assert.True(await first);
        var order = new List<int> { results.Current };
        Assert.True(await results.MoveNextAsync()); // asking for the next result (done already) makes room for input 4
        order.Add(results.Current);
        await WaitUntilStartedAsync(started, 4);
        work[4].SetResult(4);
        work[5].SetResult(5);
        while (await results.MoveNextAsync())
        {
            order.Add(results.Current);
        }

        Assert.Equal([2, 1, 3, 0, 4, 5], started);
        Assert.Equal([0, 1, 2, 3, 4, 5], order);
        Assert.Equal(weighed.Distinct().Count(), weighed.Count); // each input weighed once
        await results.DisposeAsync();
    }

    // Starts an input by noting it and handing back its task, which the test completes by hand.
    private static Func<int, CancellationToken, Task<int>> Recording(List<int> started, TaskCompletionSource<int>[] work) => (input, _) =>
    {
        lock (started)
        {
            started.Add(input);
        }

        return work[input].Task;
    };

    private static async Task WaitUntilStartedAsync(List<int> started, int input)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            lock (started)
            {
                if (started.Contains(input))
                {
                    return;
                }
            }

            Assert.True(clock.Elapsed < Patience, $"input {input} was not started; started: {string.Join(", ", started)}");
            await Task.Delay(10);
        }
    }
}
