// The one place Boost.Asio is included. Boost 1.74's awaitable.hpp uses std::exchange without
// including <utility>, which GCC 12 in C++20 mode rejects (docs/science.md §8): include it first.
#pragma once

#include <utility>

#include <boost/asio.hpp>
