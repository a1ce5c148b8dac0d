// Port enumeration and finding a device by USB identity after re-enumeration.
#include <gtest/gtest.h>

#include "stridecue/acquisition/port_list.hpp"

using namespace stridecue::acquisition;

namespace {
std::vector<PortInfo> two_ftdi_and_a_cdc() {
  PortInfo a{"/dev/ttyUSB0", "FT232R", "usb", 0x0403, 0x6001, "FTDI", "FT232R", "A10K1", {16}};
  PortInfo b{"/dev/ttyUSB1", "FT232R", "usb", 0x0403, 0x6001, "FTDI", "FT232R", "B77Q2", {1}};
  PortInfo c{"/dev/ttyACM0", "IMU", "usb", 0x2e8a, 0x000a, "StrideCue", "Pelvis IMU", "IMU-3", {}};
  PortInfo d{"/dev/ttyS0", "", "native", -1, -1, "", "", "", {}};
  return {a, b, c, d};
}
}  // namespace

TEST(PortList, ListingWorksOnAMachineWithOrWithoutPorts) {
  const auto ports = list_ports();  // CI machines usually have none; must not throw
  for (const auto& p : ports) EXPECT_FALSE(p.path.empty());
}

TEST(PortList, FindsAUniqueDeviceByVidPid) {
  std::string why;
  EXPECT_EQ(find_port_by_usb_id(two_ftdi_and_a_cdc(), "2e8a:000a", &why), "/dev/ttyACM0");
  EXPECT_EQ(find_port_by_usb_id(two_ftdi_and_a_cdc(), "2E8A:A", &why), "/dev/ttyACM0");
}

TEST(PortList, SerialNumberChoosesBetweenIdenticalAdapters) {
  std::string why;
  EXPECT_EQ(find_port_by_usb_id(two_ftdi_and_a_cdc(), "0403:6001:B77Q2", &why), "/dev/ttyUSB1");
  EXPECT_FALSE(find_port_by_usb_id(two_ftdi_and_a_cdc(), "0403:6001", &why));
  EXPECT_NE(why.find("2 devices match"), std::string::npos) << why;
  EXPECT_NE(why.find("VID:PID:SERIAL"), std::string::npos) << why;
}

TEST(PortList, ExplainsWhatIsWrongWithTheIdentity) {
  std::string why;
  EXPECT_FALSE(find_port_by_usb_id(two_ftdi_and_a_cdc(), "0403", &why));
  EXPECT_NE(why.find("VID:PID"), std::string::npos);
  EXPECT_FALSE(find_port_by_usb_id(two_ftdi_and_a_cdc(), "zz:6001", &why));
  EXPECT_NE(why.find("hex"), std::string::npos);
  EXPECT_FALSE(find_port_by_usb_id(two_ftdi_and_a_cdc(), "1234:5678", &why));
  EXPECT_NE(why.find("no connected USB serial device is 1234:5678"), std::string::npos);
}

TEST(PortList, UsbIdIsLowercaseHex) {
  EXPECT_EQ(two_ftdi_and_a_cdc()[0].usb_id(), "0403:6001");
  EXPECT_EQ(two_ftdi_and_a_cdc()[3].usb_id(), "");
}

TEST(PortList, AMachineWithoutSerialPortsIsToldSoPlainly) {
  EXPECT_EQ(format_port_table({}).rfind("No serial ports found on this machine.", 0), 0u);
  EXPECT_EQ(format_port_json({}), "[]\n");
}

TEST(PortList, TableAndJsonNameEveryField) {
  const auto ports = two_ftdi_and_a_cdc();
  const std::string table = format_port_table(ports);
  EXPECT_NE(table.find("/dev/ttyUSB1"), std::string::npos);
  EXPECT_NE(table.find("0403:6001"), std::string::npos);
  EXPECT_NE(table.find("B77Q2"), std::string::npos);
  EXPECT_NE(table.find("16 ms (set low latency"), std::string::npos);
  const std::string json = format_port_json(ports);
  EXPECT_NE(json.find("\"usb_id\": \"2e8a:000a\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"latency_timer_ms\": null"), std::string::npos);
  EXPECT_NE(json.find("\"serial_number\": \"IMU-3\""), std::string::npos);
}
