# ppp_embed_files(OUT_VAR NAMING path...): the files' text as C++ initialiser entries
# `{"name", R"ppp_text(...)ppp_text"},`, one per line, for a configure_file'd table, so the
# programs need no data files at run time. NAMING is STEM (file name without extension) or
# RELATIVE (path from the current source folder). A change to a file re-runs the configuration.
function(ppp_embed_files out_var naming)
  set(entries "")
  foreach(path IN LISTS ARGN)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${path})
    file(READ ${path} text)
    if(naming STREQUAL "STEM")
      get_filename_component(name ${path} NAME_WLE)
    else()
      file(RELATIVE_PATH name ${CMAKE_CURRENT_SOURCE_DIR} ${path})
    endif()
    string(APPEND entries "        {\"${name}\", R\"ppp_text(${text})ppp_text\"},\n")
  endforeach()
  set(${out_var} "${entries}" PARENT_SCOPE)
endfunction()
