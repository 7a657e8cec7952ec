import CLibPNG

/// The versions of the C libraries PNG reading and writing use, as linked at run time (not the
/// headers the package was compiled with), for `checkerscope --version` and bug reports.
public enum PNGLibraryVersion {
  /// libpng's version, from `png_get_libpng_ver`, e.g. `1.6.48`.
  public static var libpng: String { String(cString: cpng_libpng_version()) }

  /// zlib's version, from `zlibVersion()`, e.g. `1.3.1`.
  public static var zlib: String { String(cString: cpng_zlib_version()) }
}
