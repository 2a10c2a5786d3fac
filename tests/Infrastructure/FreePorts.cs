using System.Net;
using System.Net.Sockets;

namespace EventWizard.Tests.Infrastructure;

public static class FreePorts
{
    /// <summary>A loopback TCP port that nothing listens on now (the system's pick, free until something takes it).</summary>
    public static int Loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
