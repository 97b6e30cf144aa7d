#include "api/exports_api.hpp"

#include "api/json_io.hpp"

namespace vern::api {

http::Response download_response(privacy::ExportFile file) {
  http::Response response;
  response.status = 200;
  response.content_type = std::move(file.content_type);
  response.body = std::move(file.body);
  response.header("Content-Disposition", "attachment; filename=\"" + file.file_name + "\"");
  return response;
}

void register_exports_api(http::Pipeline& pipeline, privacy::DataPackageService& packages) {
  for (const auto& [path, format] :
       {std::pair{"/api/v1/persons/{id}/export.json", privacy::ExportFormat::kJson},
        std::pair{"/api/v1/persons/{id}/export.xlsx", privacy::ExportFormat::kXlsx}}) {
    pipeline.add(http::Method::kGet, path, http::Access::kStaff,
                 [&packages, format = format](http::Request& request) {
                   return download_response(
                       packages.export_person(*request.context.actor, path_id(request), format));
                 });
  }
}

}  // namespace vern::api
