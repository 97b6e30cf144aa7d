#pragma once

#include <semaphore>
#include <string>
#include <string_view>

namespace vern::crypto {

/// Initialises libsodium; safe to call more than once. Throws when the library cannot start.
void initialise();

/// `bytes` bytes from the system's secure random source, as unpadded base64url.
std::string random_token(std::size_t bytes = 32);

/// SHA-256 of `data`, as lower-case hex.
std::string sha256_hex(std::string_view data);

/// Compares two strings in time that depends only on their length.
bool equal_constant_time(std::string_view a, std::string_view b);

/// How expensive a password hash is. Tests use kFastForTest to keep the suite quick; the stored
/// hash carries its own parameters, so verification works whatever strength made it.
enum class HashStrength { kInteractive, kFastForTest };

/// Argon2id password hashing with a bound on how many hashes run at once (each needs 64 MiB).
class PasswordHasher {
 public:
  explicit PasswordHasher(HashStrength strength = HashStrength::kInteractive);

  std::string hash(std::string_view password);
  bool verify(std::string_view stored_hash, std::string_view password);

 private:
  HashStrength strength_;
  std::counting_semaphore<4> slots_{2};
};

}  // namespace vern::crypto
