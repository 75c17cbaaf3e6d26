#!/usr/bin/env python3
"""Cross-checks spheres.engine.io against numpy, by hand (the JUnit tests do not need Python).

numpy writes .npy/.npz files; Java (Npy, Npz) reads each and writes it back; then the Java bytes must equal
numpy's for .npy, and numpy must load every Java file to the same array. Run from the repository root after
`mvn -q -pl kernels,engine test-compile`:

    python3 engine/src/test/python/numpy_crosscheck.py      # needs numpy (Debian: python3-numpy)
"""
import glob, os, subprocess, sys, tempfile
import numpy as np

JAVA = r'''
import java.nio.file.*;
import spheres.engine.io.*;
public class RoundTrip {
    public static void main(String[] a) throws Exception {
        try (var s = Files.newDirectoryStream(Path.of(a[0]))) {
            for (Path p : s) {
                String n = p.toString();
                if (n.endsWith(".np.npy")) Npy.write(Path.of(n.replace(".np.npy", ".java.npy")), Npy.read(p));
                if (n.endsWith(".np.npz")) new Npz(Npz.read(p).arrays()).write(Path.of(n.replace(".np.npz", ".java.npz")));
            }
        }
    }
}
'''

def main():
    m2 = os.path.expanduser("~/.m2/repository/com/fasterxml/jackson/core")
    jars = [j for j in glob.glob(m2 + "/jackson-*/*/jackson-*.jar") if "2.20" in j and "sources" not in j]
    cp = os.pathsep.join(["engine/target/classes"] + sorted(jars))
    rng = np.random.default_rng(0)
    arrays = {
        "f4_scalar": np.float32(1.5).reshape(()),
        "f4_one": np.array([42], np.float32),
        "f4_matrix": rng.standard_normal((7, 13)).astype(np.float32),
        "f4_empty": np.zeros((3, 0), np.float32),
        "f4_big": rng.standard_normal(100_003).astype(np.float32),
        "f8": rng.standard_normal((2, 3, 4)),
        "i8": np.array([-1, 0, 2**62], np.int64),
        "i8_scalar": np.int64(7).reshape(()),
        "u1": np.arange(256, dtype=np.uint8),
        "b1": np.array([True, False, True]),
        "wide_first_axis": np.zeros((12345678901, 0), np.float32),
    }
    with tempfile.TemporaryDirectory() as d:
        for name, a in arrays.items():
            np.save(os.path.join(d, name + ".np.npy"), a)
        np.savez(os.path.join(d, "stored.np.npz"), **{k: v for k, v in arrays.items() if k != "f4_big"})
        np.savez_compressed(os.path.join(d, "deflated.np.npz"), x=arrays["f4_matrix"], y=arrays["b1"])
        src = os.path.join(d, "RoundTrip.java")
        with open(src, "w") as f:
            f.write(JAVA)
        subprocess.run(["java", "-cp", cp, src, d], check=True)
        failures = 0
        for name, a in arrays.items():
            np_bytes = open(os.path.join(d, name + ".np.npy"), "rb").read()
            java_path = os.path.join(d, name + ".java.npy")
            java_bytes = open(java_path, "rb").read()
            same = np_bytes == java_bytes and np.array_equal(np.load(java_path), a)
            failures += not same
            print(("ok  " if same else "FAIL"), name + ".npy", a.dtype.str, a.shape)
        for z in ("stored", "deflated"):
            with np.load(os.path.join(d, z + ".np.npz")) as want, np.load(os.path.join(d, z + ".java.npz")) as got:
                same = list(want.files) == list(got.files) and all(np.array_equal(want[k], got[k]) for k in want.files)
            failures += not same
            print(("ok  " if same else "FAIL"), z + ".npz", list(want.files))
        print("numpy", np.__version__, "-", "all equal" if failures == 0 else f"{failures} FAILED")
        sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
