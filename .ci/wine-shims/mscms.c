/* Wine-only stand-in for mscms.dll (never bundled): Wine 8.0's WcsCreateIccProfile is unimplemented and
   aborts the process when qwindows.dll asks for the screen's colour profile. The four functions
   qwindows.dll imports, each saying "no profile" (Qt then uses sRGB). */
#include <windows.h>
__declspec(dllexport) HANDLE WINAPI OpenColorProfileW(void *p, DWORD a, DWORD s, DWORD c) { (void)p; (void)a; (void)s; (void)c; SetLastError(ERROR_FILE_NOT_FOUND); return NULL; }
__declspec(dllexport) BOOL WINAPI CloseColorProfile(HANDLE h) { (void)h; return TRUE; }
__declspec(dllexport) BOOL WINAPI GetColorProfileFromHandle(HANDLE h, BYTE *b, DWORD *n) { (void)h; (void)b; (void)n; SetLastError(ERROR_INVALID_HANDLE); return FALSE; }
__declspec(dllexport) HANDLE WINAPI WcsCreateIccProfile(HANDLE h, DWORD o) { (void)h; (void)o; SetLastError(ERROR_NOT_SUPPORTED); return NULL; }
