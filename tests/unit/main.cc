// The Boost.Test module for core_tests; every other file in this folder adds suites to it.
#define BOOST_TEST_MODULE flowcast_core_tests
#include <boost/test/unit_test.hpp>
