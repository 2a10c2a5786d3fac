namespace EventWizard.Bench.PublishLoad;

/// <summary>HTTP clients with a fixed number of kept-alive connections.</summary>
public static class Clients
{
    public static HttpClient Create(string baseUrl, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
}
