package spheres.cli;

/** Named exit codes, the same for every command. */
final class ExitCodes {
    static final int OK = 0;
    /** Something failed that is not the user's input (a bug, a full disk, a device error). */
    static final int FAILURE = 1;
    /** The command line could not be parsed (unknown option, missing value). */
    static final int USAGE = 2;
    /** A value was parsed but is not accepted (a negative thread count, an unknown device). */
    static final int BAD_INPUT = 3;
    /** A device asked for by name cannot be used here (no OpenCL driver or platform); the message says what to install. */
    static final int NO_DEVICE = 4;

    /** Stopped by Ctrl-C after writing a checkpoint (128 + SIGINT, as shells report it). */
    static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
