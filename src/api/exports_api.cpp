#include "api/exports_api.hpp"

#include "api/json_io.hpp"

namespace vern::api {

void register_exports_api(http::Pipeline& pipeline, privacy::DataPackageService& packages) {
  for (const auto& [path, format] :
       {std::pair{"/api/v1/persons/{id}/export.json", privacy::ExportFormat::kJson},
        std::pair{"/api/v1/persons/{id}/export.xlsx", privacy::ExportFormat::kXlsx}}) {
    pipeline.add(http::Method::kGet, path, http::Access::kStaff,
                 [&packages, format = format](http::Request& request) {
                   auto file =
                       packages.export_person(*request.context.actor, path_id(request), format);
                   return http::Response::download(std::move(file.content_type), file.file_name,
                                                   std::move(file.body));
                 });
  }
}

}  // namespace vern::api
