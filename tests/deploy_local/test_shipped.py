"""What deploy/local/up builds (decision 0046): the CMake target `shipped`, which is exactly the
binaries of deploy/local/services.sh's component table plus shopctl, so a new component cannot be
left out of up's build (nor the Dockerfile's), and up does not compile the tests. Offline; each
check has a broken copy that must fail."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shipped  # noqa: E402

SERVICES_SH = (shipped.ROOT / "deploy/local/services.sh").read_text()
CMAKELISTS = (shipped.ROOT / "CMakeLists.txt").read_text()
UP = (shipped.ROOT / "deploy/local/up").read_text()


def replaced(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


class Shipped(unittest.TestCase):
    def test_the_sources_agree(self):
        self.assertEqual(shipped.check(), [])
        self.assertEqual(sorted(shipped.cmake_shipped()), sorted(shipped.wanted_binaries()))
        self.assertIn("shopctl", shipped.cmake_shipped())
        self.assertIn("gateway", shipped.component_binaries())

    def test_a_new_component_missing_from_the_target_fails(self):
        services = replaced(SERVICES_SH, '  "gateway ',
                            '  "warehouse    warehouse-service SHOP_WAREHOUSE_PORT warehouse"\n'
                            '  "gateway ')
        self.assertIn("the CMake target `shipped` lacks warehouse-service "
                      "(deploy/local/services.sh runs it)", shipped.check(services_sh=services))

    def test_a_binary_left_out_of_the_target_fails(self):
        cmake = replaced(CMAKELISTS, "    shopctl)", ")")
        self.assertIn("the CMake target `shipped` lacks shopctl (deploy/local/services.sh runs it)",
                      shipped.check(cmakelists=cmake))

    def test_a_test_binary_in_the_target_fails(self):
        cmake = replaced(CMAKELISTS, "    shopctl)", "    shopctl\n    gateway_unit_tests)")
        self.assertIn("the CMake target `shipped` builds gateway_unit_tests, which is no component "
                      "of deploy/local/services.sh nor shopctl", shipped.check(cmakelists=cmake))

    def test_a_typo_in_the_target_fails(self):
        cmake = replaced(CMAKELISTS, "    product-service\n", "    prodcut-service\n")
        problems = shipped.check(cmakelists=cmake)
        self.assertIn("the CMake target `shipped` lacks product-service (deploy/local/services.sh "
                      "runs it)", problems)

    def test_a_target_not_built_from_the_list_fails(self):
        cmake = replaced(CMAKELISTS, "add_dependencies(shipped ${SHOP_SHIPPED_BINARIES})",
                         "add_dependencies(shipped gateway)")
        with self.assertRaises(ValueError):
            shipped.check(cmakelists=cmake)

    def test_up_building_everything_fails(self):
        up = replaced(UP, "cmake --build --preset release --target shipped",
                      "cmake --build --preset release")
        self.assertIn("deploy/local/up builds something else than --target shipped: "
                      "cmake --build --preset release", shipped.check(up=up))

    def test_up_building_more_targets_fails(self):
        up = replaced(UP, "cmake --build --preset release --target shipped",
                      "cmake --build --preset release --target shipped gateway_unit_tests")
        self.assertIn("deploy/local/up builds something else than --target shipped: "
                      "cmake --build --preset release --target shipped gateway_unit_tests",
                      shipped.check(up=up))


if __name__ == "__main__":
    unittest.main()
