package org.tubelet.spark.collective;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/** Opens a rank's listening socket on the first free port of a range. */
public final class Ports {
    private Ports() {
    }

    /**
     * @param host address to bind (the one the other ranks will connect to)
     * @param first first port to try; 0 = any free port (then {@code last} must be 0 too)
     * @param last last port to try
     * @throws CollectiveException when every port of the range is taken
     */
    public static ServerSocketChannel bind(String host, int first, int last) throws IOException {
        for (int port = first; port <= last; port++) {
            ServerSocketChannel s = ServerSocketChannel.open();
            try {
                s.bind(new InetSocketAddress(host, port), 16);
                return s;
            } catch (BindException e) {
                s.close();
            }
        }
        throw new CollectiveException("no free port in " + first + "-" + last + " on " + host
                + " (distributed.port_range)");
    }
}
