/* Wine-only stand-in for Windows 10's bcryptprimitives.dll (never bundled): Rust's std, inside
   cryptography's _rust.pyd, imports ProcessPrng. */
#include <windows.h>
#include <bcrypt.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE p, SIZE_T n) {
  while (n) { ULONG k = n > 0x40000000 ? 0x40000000 : (ULONG)n;
    if (BCryptGenRandom(NULL, p, k, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE; p += k; n -= k; }
  return TRUE; }
