package spheres.cli;

import picocli.CommandLine.IVersionProvider;
import spheres.engine.experiment.Environment;

/** The version from the jar's manifest, the git revision of the checkout it runs in, and the JDK. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"spheres " + (v == null ? "(development build)" : v) + ", git " + Environment.revision()
                + ", on JDK " + Runtime.version()};
    }
}
