#!/usr/bin/python3
"""Writes the small torchvision fixtures that the weight-import parity tests read.

Three narrow ResNets are built from torchvision's own classes -- ``torchvision.models.resnet.ResNet``
(its ``_make_layer`` and its forward pass), ``BasicBlock`` and ``Bottleneck`` -- with a few
channels instead of 64..512, so that the files stay small (well under 1 MB each) while every
kind of tensor a real ResNet has is there: the 7x7 stem, identity and projection shortcuts,
strided blocks, batch norms and the dense classifier, and, in the ResNeXt-style one, grouped 3x3
convolutions of a width other than the planes (torchvision's ``groups`` and ``width_per_group``). Batch-norm affine parameters and running
statistics are randomised so that no batch norm is the identity, and the model is put in eval()
mode, as it is when weights are imported for inference.

For each network NAME (``tiny_basic``, ``tiny_bottleneck``, ``tiny_resnext``) it writes to
``examples/src/test/resources/weights/``:

* ``NAME.safetensors``: ``model.state_dict()`` exactly as
  ``safetensors.torch.save_file(model.state_dict(), path)`` writes it (F32 tensors and the I64
  ``num_batches_tracked`` scalars);
* ``NAME_io.safetensors``: a fixed input batch (``input``), PyTorch's ``logits`` and ``softmax``
  for it, and each stage's activations (``features.stem`` after the max pool, then
  ``features.layer1`` ...), for locating a difference if parity ever breaks.

It also writes ``torchvision_MODEL_state_dict.txt`` for ``resnet18``, ``resnet50``,
``resnext50_32x4d`` and ``wide_resnet50_2``: the name, dtype and shape of every tensor in the state
dict of torchvision's own model (built untrained, nothing downloaded), one per line, so that a test
can check the name mapping against the real full-size networks without committing their 45-270 MB
of weights.

The matching specs are ``TinyTorchBasicSpec``, ``TinyTorchBottleneckSpec`` and
``TinyTorchResNeXtSpec`` in ``examples/src/test/java/dev/resdsl/examples/weights/``; keep them in
step with NETWORKS below.

``--out DIR`` writes the files to DIR instead, to compare a new run with the committed ones
(different PyTorch builds may round the last bits differently).

Regenerate (Debian's packages, no pip, no network; the output is deterministic for a given
PyTorch build):

    apt-get install python3-torch python3-torchvision
    cd /work/main   # the repository root
    /usr/bin/python3 tools/make_torchvision_fixture.py

Debian has no python3-safetensors, so the files are written here following the format
exactly: an 8-byte little-endian header length, a JSON header
``{name: {"dtype", "shape", "data_offsets": [begin, end]}}`` padded with spaces to a multiple of
8 bytes, then the little-endian tensor data, laid out as the safetensors library does (larger
dtypes first, then by name, no gaps).
"""

import json
import os
import struct
import sys

import torch
from torch import nn
import argparse

from torchvision.models import resnet as torchvision_resnet
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT_DIR = os.path.join(ROOT, "examples", "src", "test", "resources", "weights")
SEED = 20240601
BATCH = 2
CLASSES = 5
HEIGHT = WIDTH = 64
STEM_FILTERS = 8

# name -> (block class, [(planes, blocks, stride) for layer1..layer4], groups, width_per_group).
# The stem is torchvision's: conv 7x7/2 with STEM_FILTERS filters, batch norm, ReLU, max pool 3x3/2.
# tiny_resnext's bottlenecks are int(planes * 32 / 64) * 4 = 2 x planes wide inside, in 4 groups.
NETWORKS = {
    "tiny_basic": (BasicBlock, [(8, 1, 1), (16, 2, 2), (32, 1, 2), (32, 1, 2)], 1, 64),
    "tiny_bottleneck": (Bottleneck, [(4, 1, 1), (8, 2, 2), (16, 1, 2), (16, 1, 2)], 1, 64),
    "tiny_resnext": (Bottleneck, [(4, 1, 1), (8, 2, 2), (16, 1, 2), (16, 1, 2)], 4, 32),
}

# The full-size models whose state dict layouts are recorded.
LAYOUTS = ("resnet18", "resnet50", "resnext50_32x4d", "wide_resnet50_2")

# safetensors' names for torch dtypes, and the order in which its writer lays tensors out
# (it sorts by dtype, the larger first, then by name).
DTYPES = {torch.float32: "F32", torch.int64: "I64"}
DTYPE_ORDER = {"I64": 0, "F32": 1}


class NarrowResNet(ResNet):
    """torchvision's ResNet with narrow stages; everything but the widths is torchvision's code.

    ResNet.__init__ hard-codes the widths 64/128/256/512, so this sets up the same attributes with
    other widths and builds the stages with ResNet._make_layer; forward() is ResNet's own.
    """

    def __init__(self, block, layers, num_classes, groups=1, width_per_group=64):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = STEM_FILTERS
        self.dilation = 1
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        for i, (planes, blocks, stride) in enumerate(layers, start=1):
            setattr(self, f"layer{i}", self._make_layer(block, planes, blocks, stride=stride))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(self.inplanes, num_classes)


def randomise_batch_norms(model, generator):
    """Moves every batch norm away from the identity, so that importing them is tested."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            n = module.num_features
            with torch.no_grad():
                module.weight.copy_(0.5 + torch.rand(n, generator=generator))
                module.bias.copy_(0.2 * torch.randn(n, generator=generator))
                module.running_mean.copy_(0.2 * torch.randn(n, generator=generator))
                module.running_var.copy_(0.5 + torch.rand(n, generator=generator))
                tracked = int(torch.randint(1, 1000, (1,), generator=generator))
                module.num_batches_tracked.fill_(tracked)


def stage_activations(model, images):
    """Each stage's output as torchvision's forward computes it, keyed like the Java stages."""
    features = {}
    x = model.maxpool(model.relu(model.bn1(model.conv1(images))))
    features["features.stem"] = x
    for i in range(1, 5):
        x = getattr(model, f"layer{i}")(x)
        features[f"features.layer{i}"] = x
    return features


def save_safetensors(tensors, path):
    """Writes tensors as safetensors.torch.save_file would (contiguous little-endian data)."""
    entries = sorted(
        ((name, t.detach().contiguous().cpu()) for name, t in tensors.items()),
        key=lambda item: (DTYPE_ORDER[DTYPES[item[1].dtype]], item[0]),
    )
    header = {}
    chunks = []
    offset = 0
    for name, tensor in entries:
        data = tensor.numpy().astype(tensor.numpy().dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {
            "dtype": DTYPES[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for chunk in chunks:
            out.write(chunk)


def save_state_dict_layout(model, path):
    """Writes "name dtype [dim, dim, ...]" for every tensor of the model's state dict."""
    with open(path, "w") as out:
        for name, tensor in model.state_dict().items():
            out.write(f"{name} {DTYPES[tensor.dtype]} {list(tensor.shape)}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT_DIR, help="where to write (default: %(default)s)")
    out_dir = parser.parse_args().out
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    os.makedirs(out_dir, exist_ok=True)
    images = torch.rand(BATCH, 3, HEIGHT, WIDTH, generator=generator)
    # Networks are built in NETWORKS' order from one seeded stream: a network added at the end
    # leaves the earlier ones' files as they were.
    for name, (block, layers, groups, width_per_group) in NETWORKS.items():
        model = NarrowResNet(block, layers, CLASSES, groups, width_per_group)
        randomise_batch_norms(model, generator)
        model.eval()
        with torch.no_grad():
            # Scales the classifier so that the logits spread over a few units: the default
            # initialisation gives a nearly uniform softmax, against which a comparison says little.
            scale = 2.0 / model(images).std()
            model.fc.weight.mul_(scale)
            model.fc.bias.mul_(scale)
            logits = model(images)
            io = {"input": images, "logits": logits, "softmax": torch.softmax(logits, dim=1)}
            io.update(stage_activations(model, images))
        weights_path = os.path.join(out_dir, f"{name}.safetensors")
        io_path = os.path.join(out_dir, f"{name}_io.safetensors")
        save_safetensors(model.state_dict(), weights_path)
        save_safetensors(io, io_path)
        parameters = sum(p.numel() for p in model.parameters())
        print(
            f"{name}: {parameters} trainable parameters, {os.path.getsize(weights_path)} + "
            f"{os.path.getsize(io_path)} bytes, logits range "
            f"[{logits.min().item():.3f}, {logits.max().item():.3f}]",
            file=sys.stderr,
        )
    for name in LAYOUTS:
        path = os.path.join(out_dir, f"torchvision_{name}_state_dict.txt")
        save_state_dict_layout(getattr(torchvision_resnet, name)(), path)


if __name__ == "__main__":
    main()
