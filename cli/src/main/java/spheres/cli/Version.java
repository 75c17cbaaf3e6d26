package spheres.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, with the JDK it runs on. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"spheres " + (v == null ? "(development build)" : v) + " on JDK " + Runtime.version()};
    }
}
