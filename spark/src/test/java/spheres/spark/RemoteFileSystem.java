package spheres.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A file system that is not {@code file:} to the code under test, so that a run folder named {@code remote:///tmp/run}
 * takes every path an {@code hdfs://} or {@code s3a://} folder takes (the driver's local copy, downloads, uploads,
 * commits through FileContext), while its bytes land in this machine's {@code /tmp/run} where a test can compare them.
 * Registered for the scheme in the tests' {@code core-site.xml}.
 */
public class RemoteFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "remote";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    /** The same for FileContext, which {@link SharedFolder#commit} renames through. */
    public static class Fs extends DelegateToFileSystem {
        public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new RemoteFileSystem(), conf, SCHEME, false);
        }
    }
}
