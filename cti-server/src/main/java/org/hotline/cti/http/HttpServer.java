package org.hotline.cti.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.auth.AuthService;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Bootstraps the HTTP server (API, metrics, dashboard); the pipeline is built by {@link #initChannel}. */
public final class HttpServer implements AutoCloseable {
    /** Requests larger than this get 413: the API takes small JSON bodies only. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final EventExecutorGroup blocking = new DefaultEventExecutorGroup(8);
    private final ApiHandler api;
    private Channel channel;

    public HttpServer(Router router, AuthService auth) {
        this.api = new ApiHandler(router, auth);
    }

    public InetSocketAddress start(String host, int port) {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        HttpServer.this.initChannel(ch);
                    }
                });
        try {
            channel = b.bind(host, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new CtiException("http-bind-failed", "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return (InetSocketAddress) channel.localAddress();
    }

    private void initChannel(SocketChannel ch) {
        ch.pipeline()
          .addLast(new HttpServerCodec())
          .addLast(new HttpServerKeepAliveHandler())
          .addLast(new TooLargeHandler())
          .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
          .addLast(blocking, api);
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        // Workers first, and wait: their channels still hand close events to the blocking group.
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        blocking.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
