// Stack buffers on the per-message path (dates, codes) are always written before they are read.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
