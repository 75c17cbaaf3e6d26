/**
 * The file formats the workflow reads and writes: {@link spheres.engine.io.SafeTensors} (weights and optimizer
 * state, PyTorch names), {@link spheres.engine.io.Npy} and {@link spheres.engine.io.Npz} (arrays for numpy), all on
 * plain host arrays ({@link spheres.engine.io.HostArray}) and all written through
 * {@link spheres.engine.io.AtomicFiles}, so a crash never leaves a half-written file.
 *
 * <p>Readers check magic, version, dtype, shape and byte counts, and fail with one
 * {@link spheres.engine.io.FormatException} whose message is one line: the file, the value found, and what is
 * accepted, e.g. {@code x.npy: truncated: header says 5000 floats, file holds 4096}. Other I/O failures (missing
 * file, permissions) stay plain {@link java.io.IOException}s.
 */
package spheres.engine.io;
