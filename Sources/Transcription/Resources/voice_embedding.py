"""Speaker embeddings for callsift's speech worker: Resemblyzer's GE2E voice encoder, run by
onnxruntime, without PyTorch.

The weights are the ones the PyPI package `resemblyzer` (0.1.4, Apache-2.0) ships inside its wheel
(`resemblyzer/pretrained.pt`): a 3-layer LSTM (40 → 256 → 256 → 256) over 40-band mel power
spectra, a 256 × 256 linear layer, ReLU and L2 normalisation, trained to put utterances of one
speaker close together (generalised end-to-end loss, LibriSpeech and VoxCeleb). `make setup`
installs the package without its dependencies (torch, librosa); this module reads the pickled
state dict itself and builds the network as an ONNX graph for onnxruntime, which faster-whisper
already brings for its VAD. Nothing is fetched at run time.

Each piece of speech (16 kHz float32) is embedded as Resemblyzer embeds one 1.6-second partial:
its level raised to -30 dBFS if quieter, a power mel spectrogram (25 ms Hann windows every 10 ms,
centred, 40 Slaney mel bands up to 8 kHz, as librosa computes it), the middle 160 frames (zero
padded when the piece is shorter), then the network. Two embeddings' dot product is their cosine
similarity: about 0.75-0.85 for one speaker, 0.45-0.6 for two.
"""
import io
import pickle
import struct
import zipfile
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
MEL_BANDS = 40
FRAMES = 160
HIDDEN = 256
LAYERS = 3
TARGET_DBFS = -30.0


def unavailable():
    """Why the encoder cannot load (its weights or runtime missing), or None: checked without
    loading anything, so a worker that never embeds a piece never pays for it."""
    import importlib.util

    for module in ("onnx", "onnxruntime"):
        if importlib.util.find_spec(module) is None:
            return f"the Python package {module} is not installed (make setup installs it)"
    try:
        weights_path()
    except FileNotFoundError as error:
        return str(error)
    return None


def weights_path():
    """`pretrained.pt` of the installed `resemblyzer` package, found without importing it (its
    `__init__` imports torch)."""
    import importlib.util

    spec = importlib.util.find_spec("resemblyzer")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "pretrained.pt"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("resemblyzer's pretrained.pt is not installed (make setup installs resemblyzer==0.1.4 --no-deps)")


# -- reading a torch.save file without torch ---------------------------------------------------
# pretrained.pt uses torch's legacy format (before 1.6): pickled magic number, protocol version and
# system info, then the pickled object whose tensors point at storages by key, then the list of
# keys, then each storage's raw data (int64 element count + little-endian values).

_MAGIC = 0x1950A86A20F9469CFC6C
_DTYPES = {"FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
           "LongStorage": np.int64, "IntStorage": np.int32}


class _Storage:
    def __init__(self, dtype, count):
        self.dtype, self.count, self.data = dtype, count, None


class _Tensor:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)

    def array(self):
        base = self.storage.data
        view = np.lib.stride_tricks.as_strided(
            base[self.offset:], shape=self.size, strides=[s * base.dtype.itemsize for s in self.stride])
        return np.array(view, dtype=np.float32)


class _StateDictUnpickler(pickle.Unpickler):
    """Reads a state dict of tensors; any other global is refused, so no pickled code ever runs."""

    def __init__(self, file, storages, archive=None):
        super().__init__(file)
        self.storages, self.archive = storages, archive

    def find_class(self, module, name):
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return lambda storage, offset, size, stride, *rest: _Tensor(storage, offset, size, stride)
        if (module, name) == ("torch._utils", "_rebuild_parameter"):
            return lambda data, requires_grad, hooks: data
        if module == "torch" and name in _DTYPES:
            return name
        if (module, name) == ("collections", "OrderedDict"):
            import collections

            return collections.OrderedDict
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")

    def persistent_load(self, pid):
        if pid[0] != "storage":
            raise pickle.UnpicklingError(f"unsupported persistent id {pid[0]!r}")
        kind, key, count = pid[1], pid[2], pid[4]
        if key not in self.storages:
            storage = _Storage(_DTYPES[kind], count)
            if self.archive is not None:
                archive, prefix = self.archive
                storage.data = np.frombuffer(archive.read(f"{prefix}/data/{key}"), dtype=storage.dtype)
            self.storages[key] = storage
        return self.storages[key]


def _unwrap(value):
    if isinstance(value, _Tensor):
        return value.array()
    if isinstance(value, dict):
        return {key: _unwrap(item) for key, item in value.items()}
    return value


def load_state(path):
    """The model's parameters as float32 arrays, by name."""
    storages = {}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            pickled = next(name for name in archive.namelist() if name.endswith("/data.pkl"))
            prefix = pickled[: -len("/data.pkl")]
            state = _StateDictUnpickler(io.BytesIO(archive.read(pickled)), storages, (archive, prefix)).load()
            state = _unwrap(state)
    else:
        with open(path, "rb") as file:
            if pickle.load(file) != _MAGIC or pickle.load(file) != 1001:
                raise ValueError(f"{path} is not a torch checkpoint")
            pickle.load(file)  # system info
            state = _StateDictUnpickler(file, storages).load()
            for key in pickle.load(file):
                storage = storages[key]
                (count,) = struct.unpack("<q", file.read(8))
                size = count * np.dtype(storage.dtype).itemsize
                storage.data = np.frombuffer(file.read(size), dtype=storage.dtype)
                if storage.data.size != storage.count:
                    raise ValueError(f"{path}: storage {key} is truncated")
            state = _unwrap(state)
    return state.get("model_state", state)


# -- the features ------------------------------------------------------------------------------

def _mel_filterbank():
    """librosa.filters.mel(sr=16000, n_fft=400, n_mels=40): Slaney mel scale and area
    normalisation."""
    def hz_to_mel(hz):
        hz = np.asarray(hz, dtype=np.float64)
        linear = hz / (200.0 / 3)
        return np.where(hz >= 1000, 15 + np.log(np.maximum(hz, 1e-10) / 1000) / (np.log(6.4) / 27), linear)

    def mel_to_hz(mel):
        mel = np.asarray(mel, dtype=np.float64)
        return np.where(mel >= 15, 1000 * np.exp(np.log(6.4) / 27 * (mel - 15)), mel * 200.0 / 3)

    frequencies = np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE)
    edges = mel_to_hz(np.linspace(hz_to_mel(0), hz_to_mel(SAMPLE_RATE / 2), MEL_BANDS + 2))
    widths = np.diff(edges)
    ramps = edges[:, None] - frequencies[None, :]
    weights = np.maximum(0, np.minimum(-ramps[:-2] / widths[:-1, None], ramps[2:] / widths[1:, None]))
    weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    return weights.astype(np.float32)


_FILTERS = _mel_filterbank()
_WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)


def mel_frames(samples):
    """The middle `FRAMES` frames of the piece's power mel spectrogram, zero padded."""
    samples = np.asarray(samples, dtype=np.float32)
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0
    if rms > 0:
        gain_db = TARGET_DBFS - 20 * np.log10(rms)
        if gain_db > 0:
            samples = samples * np.float32(10 ** (gain_db / 20))
    padded = np.pad(samples, N_FFT // 2)
    count = 1 + (len(padded) - N_FFT) // HOP
    if count <= 0:
        return np.zeros((FRAMES, MEL_BANDS), np.float32)
    frames = np.lib.stride_tricks.as_strided(padded, shape=(count, N_FFT), strides=(padded.strides[0] * HOP, padded.strides[0]))
    spectrum = np.fft.rfft(frames * _WINDOW, axis=1)
    mel = (np.square(spectrum.real) + np.square(spectrum.imag)).astype(np.float32) @ _FILTERS.T
    if count >= FRAMES:
        first = (count - FRAMES) // 2
        return mel[first:first + FRAMES]
    out = np.zeros((FRAMES, MEL_BANDS), np.float32)
    first = (FRAMES - count) // 2
    out[first:first + count] = mel
    return out


# -- the network -------------------------------------------------------------------------------

def _graph(state):
    """The encoder as an ONNX model: three LSTM nodes (PyTorch's gate order i, f, g, o becomes
    ONNX's i, o, f, c), the last hidden state, Gemm, Relu, L2 normalisation."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    def gates(weights):
        i, f, g, o = np.split(weights, 4, axis=0)
        return np.concatenate([i, o, f, g], axis=0)

    nodes, initializers, current = [], [], "mel"
    for layer in range(LAYERS):
        w = gates(state[f"lstm.weight_ih_l{layer}"])[None]
        r = gates(state[f"lstm.weight_hh_l{layer}"])[None]
        b = np.concatenate([gates(state[f"lstm.bias_ih_l{layer}"]), gates(state[f"lstm.bias_hh_l{layer}"])])[None]
        for name, value in ((f"W{layer}", w), (f"R{layer}", r), (f"B{layer}", b)):
            initializers.append(numpy_helper.from_array(value.astype(np.float32), name))
        nodes.append(helper.make_node("LSTM", [current, f"W{layer}", f"R{layer}", f"B{layer}"], [f"Y{layer}", f"H{layer}"], hidden_size=HIDDEN))
        if layer < LAYERS - 1:  # Y is (time, directions=1, batch, hidden): drop the directions axis
            initializers.append(numpy_helper.from_array(np.array([1], dtype=np.int64), f"axis{layer}"))
            nodes.append(helper.make_node("Squeeze", [f"Y{layer}", f"axis{layer}"], [f"X{layer}"]))
            current = f"X{layer}"
    initializers += [
        numpy_helper.from_array(np.array([0], dtype=np.int64), "first"),
        numpy_helper.from_array(state["linear.weight"].astype(np.float32), "linear_w"),
        numpy_helper.from_array(state["linear.bias"].astype(np.float32), "linear_b"),
    ]
    nodes += [
        helper.make_node("Squeeze", [f"H{LAYERS - 1}", "first"], ["hidden"]),
        helper.make_node("Gemm", ["hidden", "linear_w", "linear_b"], ["linear"], transB=1),
        helper.make_node("Relu", ["linear"], ["positive"]),
        helper.make_node("LpNormalization", ["positive"], ["embedding"], axis=1, p=2),
    ]
    graph = helper.make_graph(
        nodes, "voice_encoder", [helper.make_tensor_value_info("mel", TensorProto.FLOAT, ["time", "batch", MEL_BANDS])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", HIDDEN])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


class VoiceEncoder:
    """Loads the weights once; `embed` turns pieces of speech into unit vectors."""

    def __init__(self, threads=0, path=None):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Memory goes back after each run instead of staying in an arena beside Whisper's.
        options.enable_cpu_mem_arena = False
        self.session = onnxruntime.InferenceSession(
            _graph(load_state(path or weights_path())), options, providers=["CPUExecutionProvider"])

    def embed(self, pieces, batch=128):
        """One 256-dimensional unit vector per piece (16 kHz float32 arrays), as an (n, 256) array."""
        if not pieces:
            return np.zeros((0, HIDDEN), np.float32)
        mels = np.stack([mel_frames(piece) for piece in pieces])
        out = [self.session.run(None, {"mel": np.ascontiguousarray(mels[start:start + batch].transpose(1, 0, 2))})[0]
               for start in range(0, len(mels), batch)]
        return np.concatenate(out)
