from normserve_client._gen.normserve.v1 import clip_singular_values_pb2 as _clip_singular_values_pb2
from normserve_client._gen.normserve.v1 import compute_norms_pb2 as _compute_norms_pb2
from normserve_client._gen.normserve.v1 import evaluate_pb2 as _evaluate_pb2
from normserve_client._gen.normserve.v1 import get_info_pb2 as _get_info_pb2
from normserve_client._gen.normserve.v1 import jobs_pb2 as _jobs_pb2
from normserve_client._gen.normserve.v1 import norm_decay_pb2 as _norm_decay_pb2
from normserve_client._gen.normserve.v1 import train_pb2 as _train_pb2
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor
