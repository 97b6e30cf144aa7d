#include "common/crypto.hpp"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace vern::crypto {
namespace {

bool is_base64url(const std::string& text) {
  return text.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
         std::string::npos;
}

TEST(RandomToken, Is43Base64urlCharactersFor32Bytes) {
  const std::string token = random_token();
  EXPECT_EQ(token.size(), 43U);
  EXPECT_TRUE(is_base64url(token)) << token;
}

TEST(RandomToken, HasNoPaddingForAnyLength) {
  EXPECT_EQ(random_token(1).size(), 2U);
  EXPECT_EQ(random_token(9).size(), 12U);
  EXPECT_EQ(random_token(16).size(), 22U);
  EXPECT_EQ(random_token(0), "");
  for (std::size_t bytes = 1; bytes <= 40; ++bytes) {
    const std::string token = random_token(bytes);
    EXPECT_TRUE(is_base64url(token)) << token;
    EXPECT_EQ(token.size(), (bytes * 4 + 2) / 3) << bytes;
  }
}

TEST(RandomToken, NeverRepeats) {
  std::set<std::string> tokens;
  for (int i = 0; i < 1000; ++i) {
    tokens.insert(random_token());
  }
  EXPECT_EQ(tokens.size(), 1000U);
}

TEST(Sha256Hex, MatchesTheStandardTestVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Hex, HashesEmbeddedNulBytes) {
  const std::string with_nul("a\0b", 3);
  EXPECT_NE(sha256_hex(with_nul), sha256_hex("a"));
  EXPECT_EQ(sha256_hex(with_nul).size(), 64U);
}

TEST(EqualConstantTime, ComparesContentAndLength) {
  EXPECT_TRUE(equal_constant_time("", ""));
  EXPECT_TRUE(equal_constant_time("token", "token"));
  EXPECT_FALSE(equal_constant_time("token", "tokem"));
  EXPECT_FALSE(equal_constant_time("token", "token2"));
  EXPECT_FALSE(equal_constant_time("token", ""));
}

TEST(PasswordHasher, VerifiesTheRightPasswordOnly) {
  PasswordHasher hasher(HashStrength::kFastForTest);
  const std::string hash = hasher.hash("correct horse battery");
  EXPECT_TRUE(hasher.verify(hash, "correct horse battery"));
  EXPECT_FALSE(hasher.verify(hash, "correct horse batter"));
  EXPECT_FALSE(hasher.verify(hash, "Correct horse battery"));
  EXPECT_FALSE(hasher.verify(hash, ""));
}

TEST(PasswordHasher, StoresArgon2idWithASaltAndNoPassword) {
  PasswordHasher hasher(HashStrength::kFastForTest);
  const std::string first = hasher.hash("correct horse battery");
  const std::string second = hasher.hash("correct horse battery");
  EXPECT_TRUE(first.starts_with("$argon2id$")) << first;
  EXPECT_NE(first, second);
  EXPECT_EQ(first.find("correct"), std::string::npos);
}

TEST(PasswordHasher, VerifiesWhateverStrengthMadeTheHash) {
  PasswordHasher fast(HashStrength::kFastForTest);
  PasswordHasher interactive(HashStrength::kInteractive);
  EXPECT_TRUE(interactive.verify(fast.hash("correct horse battery"), "correct horse battery"));
}

TEST(PasswordHasher, RefusesAMalformedStoredHash) {
  PasswordHasher hasher(HashStrength::kFastForTest);
  EXPECT_FALSE(hasher.verify("", "anything"));
  EXPECT_FALSE(hasher.verify("$argon2id$garbage", "anything"));
  EXPECT_FALSE(hasher.verify("correct horse battery", "correct horse battery"));
}

TEST(PasswordHasher, HashesPasswordsWithNulBytesWhole) {
  PasswordHasher hasher(HashStrength::kFastForTest);
  const std::string with_nul("secret\0more", 11);
  const std::string hash = hasher.hash(with_nul);
  EXPECT_TRUE(hasher.verify(hash, with_nul));
  EXPECT_FALSE(hasher.verify(hash, "secret"));
}

TEST(PasswordHasher, ServesManyThreadsAtOnce) {
  PasswordHasher hasher(HashStrength::kFastForTest);
  std::vector<std::thread> threads;
  std::vector<int> verified(6, 0);
  for (std::size_t i = 0; i < verified.size(); ++i) {
    threads.emplace_back([&hasher, &verified, i] {
      const std::string password = "password number " + std::to_string(i);
      verified[i] = hasher.verify(hasher.hash(password), password) ? 1 : 0;
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(verified, std::vector<int>(6, 1));
}

}  // namespace
}  // namespace vern::crypto
