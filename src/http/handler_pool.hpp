#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "http/mhd_exchange.hpp"

namespace vern::http {

/// The threads that run the handlers. MHD hands each connection to one of its threads for good,
/// and a burst of new connections often lands on one or two of them; were the handlers run there,
/// a busy thread would hold up every connection it owns while others idled. Instead a complete
/// request is suspended in MHD, queued, answered by whichever handler thread is free, and resumed.
class HandlerPool {
 public:
  struct Job {
    MHD_Connection* connection;
    Exchange* exchange;
    Request request;
  };

  explicit HandlerPool(const Dispatch& dispatch) : dispatch_(dispatch) {}
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;
  ~HandlerPool() { stop(); }

  void start(unsigned threads);

  /// Queues `job` after suspending its connection; false when the pool is stopping (the caller
  /// answers on its own thread then).
  bool submit(Job& job);

  /// Answers every queued request (so no connection stays suspended) and ends the threads.
  void stop();

 private:
  void run();

  const Dispatch& dispatch_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  std::vector<std::thread> threads_;
  bool stopping_ = true;
};

}  // namespace vern::http
