# Embeds every file under assets/ into the binary, so `vern` runs with no files beside it.
# The generated source defines vern::assets::lookup(path) over a sorted table.
function(vern_embed_assets output files)
  set(script ${CMAKE_SOURCE_DIR}/cmake/GenerateAssets.cmake)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DASSET_ROOT=${CMAKE_SOURCE_DIR}/assets
            -P ${script}
    DEPENDS ${files} ${script}
    COMMENT "Embedding assets"
    VERBATIM)
endfunction()
