#include "http/handler_pool.hpp"

#include <algorithm>
#include <utility>

namespace vern::http {

void HandlerPool::start(unsigned threads) {
  const std::lock_guard lock(mutex_);
  stopping_ = false;
  for (unsigned i = 0; i < std::max(threads, 1U); ++i) {
    threads_.emplace_back([this] { run(); });
  }
}

bool HandlerPool::submit(Job& job) {
  const std::lock_guard lock(mutex_);
  if (stopping_ || threads_.empty()) {
    return false;
  }
  MHD_suspend_connection(job.connection);
  jobs_.push_back(std::move(job));
  ready_.notify_one();
  return true;
}

void HandlerPool::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

void HandlerPool::run() {
  for (;;) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) {
      return;  // stopping, and nothing left to answer
    }
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job.exchange->response = run_dispatch(dispatch_, job.request);
    MHD_resume_connection(job.connection);
  }
}

}  // namespace vern::http
