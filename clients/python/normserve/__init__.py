"""normserve: the public Python package of the normserve service.

``normserve`` re-exports the client API of :mod:`normserve_client` (:class:`NormserveClient`,
:class:`NormserveError`, the layer builders, :func:`tensor_to_array` and the message types), so
``from normserve import NormserveClient`` and ``from normserve_client import NormserveClient`` are
the same class. The PyTorch sidecar hook lives in :mod:`normserve.torch` and is imported only on
request, because PyTorch is an optional extra (``pip install 'normserve-client[torch]'``)::

    from normserve import NormserveClient
    from normserve.torch import NormDecay
"""

import normserve_client as _client
from normserve_client import *  # noqa: F403  (the list is normserve_client.__all__)

__version__ = _client.__version__

__all__ = list(_client.__all__)
