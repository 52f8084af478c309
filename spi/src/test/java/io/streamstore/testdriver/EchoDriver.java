package io.streamstore.testdriver;

import io.streamstore.StoreUrl;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreOptions;
import io.streamstore.spi.support.AbstractStore;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/** A driver for tests of URL opening: it remembers what it was given and stores nothing. */
public class EchoDriver implements StoreDriver {

  @Override
  public String backend() {
    return "echo";
  }

  @Override
  public String description() {
    return "test driver that echoes its options";
  }

  @Override
  public Set<String> optionNames() {
    return Set.of("flag", "greeting");
  }

  @Override
  public Store open(StoreUrl url, Properties properties) {
    StoreOptions options = StoreOptions.of(url, properties);
    boolean flag = options.bool("flag", false);
    String greeting = options.string("greeting", "");
    options.rejectUnused(optionNames());
    return new EchoStore(url, flag, greeting);
  }

  /** The store the echo driver opens. */
  public static final class EchoStore extends AbstractStore {
    private final StoreUrl url;
    private final boolean flag;
    private final String greeting;

    EchoStore(StoreUrl url, boolean flag, String greeting) {
      super(StoreLimits.DEFAULT);
      this.url = url;
      this.flag = flag;
      this.greeting = greeting;
    }

    public StoreUrl url() {
      return url;
    }

    public boolean flag() {
      return flag;
    }

    public String greeting() {
      return greeting;
    }

    @Override
    public String type() {
      return "ECHO";
    }

    @Override
    public long maxMessageSize() {
      return io.streamstore.spi.MessageSizeLimit.DEFAULT;
    }

    @Override
    protected void doInit(ServerInfo info) {}

    @Override
    protected Optional<RecoveredState> doRecover() {
      return Optional.empty();
    }

    @Override
    protected Channel doCreateChannel(String name, ChannelLimits channelLimits) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void doDeleteChannel(Channel channel) {}

    @Override
    protected void doAddClient(ClientInfo info) {}

    @Override
    protected void doDeleteClient(String clientId) {}

    @Override
    protected void doClose() {}
  }
}
