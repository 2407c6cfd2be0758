#pragma once

/// FUNDRULES_API marks the symbols the shared library exports; everything else is hidden.
#if defined(FUNDRULES_STATIC_DEFINE)
#define FUNDRULES_API
#elif defined(_WIN32)
#if defined(FUNDRULES_BUILDING)
#define FUNDRULES_API __declspec(dllexport)
#else
#define FUNDRULES_API __declspec(dllimport)
#endif
#else
#define FUNDRULES_API __attribute__((visibility("default")))
#endif
