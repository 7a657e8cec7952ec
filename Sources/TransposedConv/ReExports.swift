// The tensor vocabulary lives in `Tensors`, a module without the C kernels, so that readers such as
// ModelIO can hand out a `Tensor` without linking the convolution engine. Every module that imports
// TransposedConv sees it as before.
@_exported import Tensors
