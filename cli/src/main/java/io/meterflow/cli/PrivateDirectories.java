package io.meterflow.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Directories only their owner may enter (0700). Checkpoints hold subjects, event ids and rejected
 * payloads. Flink creates its own job and chk-* directories beneath with the process umask
 * (usually 0755), and Java cannot set a umask: an owner-only parent keeps everyone else from
 * traversing into them.
 */
final class PrivateDirectories {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateDirectories() {}

    /**
     * Creates {@code dir} and its missing parents owner-only, and makes {@code dir} owner-only if it
     * already exists. Parents that exist are left as they are (they may be shared, like /tmp). On a
     * file system without POSIX permissions the directories are just created.
     */
    static Path create(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        boolean posix = abs.getFileSystem().supportedFileAttributeViews().contains("posix");
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        for (Path p : missing) {
            try {
                Files.createDirectory(p, attrs);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
                continue; // created concurrently: not ours to change unless it is dir itself
            }
            if (posix) {
                Files.setPosixFilePermissions(p, OWNER_ONLY); // the umask may have narrowed, never widened, it
            }
        }
        if (!Files.isDirectory(abs)) {
            throw new IOException(abs + " exists and is not a directory");
        }
        if (posix) {
            Files.setPosixFilePermissions(abs, OWNER_ONLY);
        }
        return abs;
    }
}
