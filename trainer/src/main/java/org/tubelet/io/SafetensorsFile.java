package org.tubelet.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The content of a safetensors file.
 *
 * @param path     the file it was read from
 * @param tensors  the tensors, unmodifiable, in header order
 * @param metadata the {@code __metadata__} entries (empty if there were none), unmodifiable
 */
public record SafetensorsFile(Path path, Map<String, HostTensor> tensors, Map<String, String> metadata) {

    /** Makes unmodifiable, order-preserving copies of the maps. */
    public SafetensorsFile {
        Objects.requireNonNull(path, "path");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * @param name a tensor name
     * @return the tensor
     * @throws IllegalArgumentException if the file has no tensor of that name
     */
    public HostTensor tensor(String name) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + path + " (" + tensors.size()
                    + " tensors)");
        }
        return t;
    }
}
